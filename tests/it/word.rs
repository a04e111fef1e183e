//! The Word round trip (issue 14): a convention built by clausier, edited
//! in Word or LibreOffice, comes back through `avenant draft`, `redline`
//! and `dossier`; what word processors change without changing a word is
//! not a change; DOCX written by other programs import.
//!
//! The DOCX edited by another program are committed fixtures
//! (`tests/fixtures/docx/README.md` says how LibreOffice made them); the
//! rest is built here and, for the noise of word processors, rewritten at
//! the XML level the way they rewrite it.

use crate::common::{outline, rewrite_document_xml};
use clausier::avenant::draft::{draft_from, DraftOptions};
use clausier::avenant::{ChangeSet, Operation};
use clausier::fingerprint::canonical_text;
use clausier::model::{
    inline_text, Alinea, AlineaKind, Division, Document, Inline, Part, PartKind, SignatureBlock, Style,
};
use clausier::render::{assemble, BuildOptions};
use clausier::source::Source;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn load(path: &Path) -> (Source, Document) {
    let src = Source::load(path).unwrap();
    let doc = assemble(&src, &BuildOptions::default()).unwrap();
    (src, doc)
}

fn paris_ivry() -> (Source, Document) {
    load(&crate::common::library_source())
}

fn library() -> Vec<(String, Source, Document)> {
    ["paris-ivry", "application-tam", "application-passerelle"]
        .into_iter()
        .map(|n| {
            let (s, d) = load(&crate::common::root().join("clauses").join(n));
            (n.to_string(), s, d)
        })
        .collect()
}

fn fixture(name: &str) -> PathBuf {
    crate::common::root().join("tests/fixtures/docx").join(name)
}

fn docx_of(doc: &Document) -> Vec<u8> {
    clausier::write::render(doc, "docx")
}

/// The DOCX read back as a version of `old`, every tracked change accepted.
fn read_back(bytes: &[u8], old: &Document) -> Document {
    let d = clausier::read::docx::read_docx(bytes, &Default::default()).unwrap();
    clausier::word::document_of(&d, old, Path::new("edited.docx")).unwrap()
}

fn draft(src: &Source, old: &Document, new: &Document) -> clausier::Result<ChangeSet> {
    draft_from(src, old, new, &DraftOptions { numero: None, base_name: "old".into() })
}

/// The text `cs` makes of `old`, applied on the model.
fn applied(src: &Source, old: &Document, cs: &ChangeSet) -> Document {
    let plan = clausier::avenant::apply::resolve(old, cs, &clausier::avenant::apply::patterns_of(src))
        .unwrap_or_else(|e| panic!("{:?}", e));
    clausier::avenant::apply::apply_to_document(old, &plan)
}

fn first_difference(a: &str, b: &str) -> Option<(String, String)> {
    a.lines()
        .zip(b.lines())
        .find(|(x, y)| x != y)
        .map(|(x, y)| (x.to_string(), y.to_string()))
        .or_else(|| (a.lines().count() != b.lines().count()).then(|| ("(line count)".into(), String::new())))
}

/// The headings of the annexes printed after the signatures.
fn after_signatures(doc: &Document) -> Vec<String> {
    doc.annexes_after_signatures().iter().map(Division::heading_text).collect()
}

fn nothing_to_amend(r: clausier::Result<ChangeSet>) -> bool {
    matches!(r, Err(clausier::Error::Draft(clausier::Undraftable::NothingToAmend { .. })))
}

// ---------------------------------------------------------------------------
// A build read back is the text it was built from.

#[test]
fn every_source_of_the_library_reads_back_as_itself() {
    for (name, src, old) in library() {
        let back = read_back(&docx_of(&old), &old);
        assert_eq!(first_difference(&canonical_text(&old), &canonical_text(&back)), None, "{}", name);
        // The very same document: ids, labels, titles, typography, parts.
        assert!(back == old, "{}: the same document", name);
        assert!(nothing_to_amend(draft(&src, &old, &back)), "{}", name);
    }
}

// ---------------------------------------------------------------------------
// Word's and LibreOffice's noise, made at the XML level.

/// Which occurrences a perturbation touches: a fixed pseudo-random choice.
fn chosen(seed: u64, k: usize) -> bool {
    let x = seed.wrapping_add(k as u64).wrapping_mul(6364136223846793005).rotate_left(17);
    x.is_multiple_of(3)
}

/// Replaces the chosen matches of `re` in `xml` by what `f` makes of them.
fn some(xml: &str, re: &str, seed: u64, f: impl Fn(&regex::Captures) -> String) -> String {
    let re = regex::Regex::new(re).unwrap();
    let mut k = 0;
    re.replace_all(xml, |c: &regex::Captures| {
        k += 1;
        if chosen(seed, k) {
            f(c)
        } else {
            c[0].to_string()
        }
    })
    .to_string()
}

/// What Word and LibreOffice do to a text without changing a word.
const NOISE: [&str; 11] = [
    "trailing spaces",
    "straight apostrophes",
    "plain spaces",
    "runs split",
    "paragraph styles",
    "superscript ordinals",
    "sommaire pages",
    "stale sommaire entries",
    "title page layout",
    "no-break hyphens",
    "id bookmarks gone",
];

fn noise(xml: &str, which: usize, seed: u64) -> String {
    const T: &str = r#"<w:t xml:space="preserve">"#;
    match which {
        0 => some(xml, r"</w:t></w:r></w:p>", seed, |_| " </w:t></w:r></w:p>".into()),
        1 => some(xml, "’", seed, |_| "'".into()),
        2 => some(xml, "\u{a0}", seed, |_| " ".into()),
        3 => some(xml, r#"<w:t xml:space="preserve">([^<]{4,})</w:t>"#, seed, |c| {
            let t = &c[1];
            let mid = t.char_indices().nth(t.chars().count() / 2).map_or(0, |(b, _)| b);
            format!("{T}{}</w:t></w:r><w:r><w:t xml:space=\"preserve\">{}</w:t>", &t[..mid], &t[mid..])
        }),
        4 => some(xml, r"<w:p><w:pPr></w:pPr>", seed, |_| r#"<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr>"#.into()),
        5 => xml.replace(r#"<w:vertAlign w:val="superscript"/>"#, ""),
        6 => some(
            xml,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>"#,
            seed,
            |_| {
                r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>17</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>"#.into()
            },
        ),
        7 => some(
            xml,
            r#"(<w:hyperlink w:anchor="_Toc\d+" w:history="1"><w:r>)<w:t xml:space="preserve">[^<]*"#,
            seed,
            |c| format!("{}{T}ANCIEN INTITULÉ", &c[1]),
        ),
        8 => xml.replacen(
            r#"</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t xml:space="preserve">"#,
            r#"</w:t></w:r><w:r><w:br/><w:t xml:space="preserve">"#,
            2,
        ),
        9 => xml.replace("<w:noBreakHyphen/>", r#"<w:t xml:space="preserve">-</w:t>"#),
        _ => regex::Regex::new(r#"<w:bookmarkStart w:id="\d+" w:name="_cl_[^"]*"/><w:bookmarkEnd w:id="\d+"/>"#)
            .unwrap()
            .replace_all(xml, "")
            .to_string(),
    }
}

#[test]
fn word_s_noise_is_not_a_change() {
    for (name, src, old) in library() {
        let bytes = docx_of(&old);
        for (which, what) in NOISE.iter().enumerate() {
            let noisy = rewrite_document_xml(&bytes, |x| noise(x, which, 7));
            assert_ne!(noisy, bytes, "{}: {} changed nothing", name, what);
            let back = read_back(&noisy, &old);
            assert_eq!(first_difference(&canonical_text(&old), &canonical_text(&back)), None, "{}: {}", name, what);
            assert!(
                nothing_to_amend(draft(&src, &old, &back)),
                "{}: {} is drafted as a change: {:?}",
                name,
                what,
                draft(&src, &old, &back).map(|c| c.operations)
            );
        }
        // All of it at once.
        let noisy = rewrite_document_xml(&bytes, |x| (0..NOISE.len()).fold(x.to_string(), |x, k| noise(&x, k, 11)));
        assert!(nothing_to_amend(draft(&src, &old, &read_back(&noisy, &old))), "{}: all the noise", name);
    }
}

#[test]
fn the_consolidated_version_s_mentions_are_not_text() {
    // A consolidated source builds with « Version consolidée … » under its
    // title and instead of its closing and signatures: edited in Word, it
    // is still the consolidated text.
    let (src, old) = paris_ivry();
    let cs = clausier::avenant::load(&crate::common::root().join("examples/avenant-1.json")).unwrap();
    let (consolidated, text) =
        clausier::avenant::apply::consolidate(&src, &old, &cs, Path::new("avenant-1.json"), &Default::default())
            .unwrap();
    let (bytes, _) =
        clausier::print(&consolidated, clausier::write::writer("docx"), &Default::default(), Path::new(".")).unwrap();
    let shown = clausier::read::docx::read_docx(&bytes, &Default::default()).unwrap();
    assert!(
        shown.blocks.iter().any(|b| clausier::model::inline_text(&match &b.block {
            clausier::markdown::TextBlock::Alinea { alinea, .. } => alinea.inlines.clone(),
            _ => vec![],
        })
        .starts_with("Version consolidée établie")),
        "the mention is printed"
    );
    let back = read_back(&bytes, &text);
    assert_eq!(first_difference(&canonical_text(&text), &canonical_text(&back)), None);
    assert!(nothing_to_amend(draft(&consolidated, &text, &back)));
}

#[test]
fn an_untitled_division_holding_others_comes_back_from_its_mark() {
    let titled = |id: &str, label: &str, level| Division {
        id: id.into(),
        label: Some(label.into()),
        title: vec![Inline::plain("Objet")],
        level,
        alineas: vec![Alinea::paragraph(vec![Inline::plain("Le texte.")])],
        ..Default::default()
    };
    let untitled = Division {
        id: "chapeau".into(),
        level: 1,
        children: vec![titled("a", "A.", 2), titled("b", "B.", 2)],
        ..Default::default()
    };
    let doc = Document { divisions: vec![untitled, titled("ii", "II.", 1)], ..Default::default() };
    assert!(read_back(&docx_of(&doc), &doc) == doc);
}

// ---------------------------------------------------------------------------
// Random documents, and random edits of the library's sources.

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Words with the typography a writer changes: apostrophes, spaces before
/// « : ; ! ? », guillemets, « n° », « % », ordinals.
const WORDS: [&str; 16] = [
    "comité",
    "réunion",
    "l'État",
    "d'Ivry-sur-Seine",
    "annuel",
    "bilan",
    "chaque",
    "mois",
    ": suivi",
    "« conjoint »",
    "n° 12",
    "1er",
    "35 %",
    "aujourd'hui",
    "Paris ;",
    "deux",
];

fn words(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS.to_vec()), n).prop_map(|v| v.join(" "))
}

fn inlines() -> impl Strategy<Value = Vec<Inline>> {
    let style = (prop::bool::weighted(0.2), prop::bool::weighted(0.2)).prop_map(|(bold, italic)| Style {
        bold,
        italic,
        ..Style::PLAIN
    });
    prop::collection::vec((words(1..5), style).prop_map(|(t, s)| Inline::styled(t, s)), 1..4)
        .prop_map(|v| clausier::markdown::normalize(v.into_iter().flat_map(|i| [i, Inline::plain(" ")]).collect()))
}

fn alinea() -> impl Strategy<Value = Alinea> {
    prop_oneof![
        6 => inlines().prop_map(Alinea::paragraph),
        2 => inlines().prop_map(|i| Alinea { kind: AlineaKind::Item { marker: None }, inlines: i, change: Default::default() }),
        1 => (inlines(), prop::sample::select(vec!["a)", "1°", "2."])).prop_map(|(i, m)| Alinea { kind: AlineaKind::Item { marker: Some(m.to_string()) }, inlines: i, change: Default::default() }),
        1 => prop::collection::vec(prop::collection::vec(inlines(), 2..=2), 1..3).prop_map(|rows| Alinea { kind: AlineaKind::Table { rows, header: false }, inlines: vec![], change: Default::default() }),
    ]
}

fn document() -> impl Strategy<Value = Document> {
    // Some titles empty: « Article 2 » alone, or an untitled préambule.
    let title = || prop_oneof![4 => inlines(), 1 => Just(vec![])];
    let division = move |level: usize| {
        (title(), prop::collection::vec(alinea(), 0..4)).prop_map(move |(title, alineas)| Division {
            title,
            level,
            alineas,
            ..Default::default()
        })
    };
    let parts = (
        prop::collection::vec(alinea(), 0..3),
        prop::collection::vec(
            inlines().prop_map(|i| {
                let mut v = vec![Inline::plain("Vu ")];
                v.extend(i);
                Alinea::paragraph(clausier::markdown::normalize(v))
            }),
            0..3,
        ),
    );
    let signatures = prop::collection::vec(
        prop::collection::vec(inlines(), 2..4).prop_map(|lines| SignatureBlock { lines, change: Default::default() }),
        0..3,
    );
    (
        prop::collection::vec(inlines(), 0..3),
        parts,
        prop::collection::vec((division(1), prop::collection::vec(division(2), 0..3)), 1..4),
        prop::collection::vec(alinea(), 0..2),
        signatures,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(title_page, (parties, visas), tops, closing, signatures, preambule, annex)| {
            let mut n = 0;
            let roman = ["I.", "II.", "III.", "IV."];
            let letters = ["A.", "B.", "C."];
            let divisions = tops
                .into_iter()
                .enumerate()
                .map(|(k, (mut d, children))| {
                    n += 1;
                    d.id = format!("d{}", n);
                    // An untitled préambule has no heading: its text follows the visas.
                    // (An untitled division with no text of its own leaves no
                    // trace but its id bookmark, which noise may take away: see
                    // `an_untitled_division_holding_others_comes_back_from_its_mark`.)
                    d.label = if k == 0 && preambule && d.title.is_empty() && !d.alineas.is_empty() {
                        None
                    } else {
                        Some(roman[k].to_string())
                    };
                    d.children = children
                        .into_iter()
                        .enumerate()
                        .map(|(j, mut c)| {
                            n += 1;
                            c.id = format!("d{}", n);
                            c.label = Some(letters[j].to_string());
                            c
                        })
                        .collect();
                    d
                })
                .collect::<Vec<Division>>();
            // Sometimes the last top-level division is an annex the parties
            // signed before it, printed after the signatures.
            let mut divisions = divisions;
            if let (true, [_, .., last]) = (annex, divisions.as_mut_slice()) {
                last.after_signatures = true;
            }
            let mut front = Vec::new();
            if !parties.is_empty() {
                front.push(Part { kind: PartKind::Parties, alineas: parties });
            }
            if !visas.is_empty() {
                front.push(Part { kind: PartKind::Visas, alineas: visas });
            }
            let closing =
                if closing.is_empty() { vec![] } else { vec![Part { kind: PartKind::Cloture, alineas: closing }] };
            Document {
                title_page,
                toc_title: Some("SOMMAIRE".into()),
                toc_levels: 2,
                front,
                divisions,
                closing,
                signatures,
                ..Default::default()
            }
        })
}

/// One edit a legal service makes in Word, on the model: indices are taken
/// modulo what there is.
#[derive(Debug, Clone)]
enum Edit {
    ReplaceWord {
        div: usize,
        alinea: usize,
        word: usize,
        by: String,
    },
    InsertAlinea {
        div: usize,
        after: usize,
        text: String,
    },
    DeleteAlinea {
        div: usize,
        alinea: usize,
    },
    AppendSentence {
        div: usize,
        alinea: usize,
        text: String,
    },
    RenameHeading {
        div: usize,
        title: String,
    },
    /// An unnumbered division after another, at its level.
    InsertDivision {
        div: usize,
        title: String,
        text: String,
    },
    DeleteDivision {
        div: usize,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let ix = || 0usize..1000;
    prop_oneof![
        3 => (ix(), ix(), ix(), words(1..3)).prop_map(|(div, alinea, word, by)| Edit::ReplaceWord { div, alinea, word, by }),
        2 => (ix(), ix(), words(3..9)).prop_map(|(div, after, text)| Edit::InsertAlinea { div, after, text: format!("Le {}.", text) }),
        2 => (ix(), ix()).prop_map(|(div, alinea)| Edit::DeleteAlinea { div, alinea }),
        2 => (ix(), ix(), words(2..6)).prop_map(|(div, alinea, text)| Edit::AppendSentence { div, alinea, text: format!(" Un {}.", text) }),
        1 => (ix(), words(2..5)).prop_map(|(div, title)| Edit::RenameHeading { div, title: format!("Nouvel intitulé {}", title) }),
        1 => (ix(), words(1..3), words(3..8)).prop_map(|(div, title, text)| Edit::InsertDivision { div, title: format!("Nouvelle section {}", title), text: format!("La {}.", text) }),
        1 => ix().prop_map(|div| Edit::DeleteDivision { div }),
    ]
}

fn division_mut<'a>(ds: &'a mut [Division], k: &mut usize) -> Option<&'a mut Division> {
    for d in ds {
        if *k == 0 {
            return Some(d);
        }
        *k -= 1;
        if let Some(f) = division_mut(&mut d.children, k) {
            return Some(f);
        }
    }
    None
}

/// Runs `f` on the list holding the `k`th division (depth first) and its
/// rank in it.
fn at_division(ds: &mut Vec<Division>, k: &mut usize, f: &mut dyn FnMut(&mut Vec<Division>, usize)) -> bool {
    for i in 0..ds.len() {
        if *k == 0 {
            f(ds, i);
            return true;
        }
        *k -= 1;
        if at_division(&mut ds[i].children, k, f) {
            return true;
        }
    }
    false
}

fn apply_edit(doc: &mut Document, e: &Edit) {
    let count = doc.all_divisions().len();
    match e {
        Edit::InsertDivision { div, title, text } => {
            let id = format!("nouvelle-{}", doc.all_divisions().len() * 1000 + div % 1000);
            at_division(&mut doc.divisions, &mut (div % count), &mut |list, i| {
                let level = list[i].level;
                list.insert(
                    i + 1,
                    Division {
                        id: id.clone(),
                        title: vec![Inline::plain(title.clone())],
                        level,
                        alineas: vec![Alinea::paragraph(vec![Inline::plain(text.clone())])],
                        ..Default::default()
                    },
                );
            });
            return;
        }
        Edit::DeleteDivision { div } => {
            if count > 1 {
                at_division(&mut doc.divisions, &mut (div % count), &mut |list, i| {
                    list.remove(i);
                });
            }
            return;
        }
        _ => {}
    }
    let (div, rest) = match e {
        Edit::ReplaceWord { div, .. }
        | Edit::InsertAlinea { div, .. }
        | Edit::DeleteAlinea { div, .. }
        | Edit::AppendSentence { div, .. }
        | Edit::RenameHeading { div, .. }
        | Edit::InsertDivision { div, .. }
        | Edit::DeleteDivision { div } => (*div % count, e),
    };
    let mut k = div;
    let d = division_mut(&mut doc.divisions, &mut k).expect("in range");
    let texts: Vec<usize> = (0..d.alineas.len())
        .filter(|&i| {
            matches!(d.alineas[i].kind, AlineaKind::Paragraph | AlineaKind::Item { .. })
                && !d.alineas[i].inlines.is_empty()
        })
        .collect();
    match rest {
        Edit::ReplaceWord { alinea, word, by, .. } if !texts.is_empty() => {
            let a = &mut d.alineas[texts[alinea % texts.len()]];
            let text = inline_text(&a.inlines);
            let mut ws: Vec<&str> = text.split(' ').collect();
            let w = word % ws.len();
            ws[w] = by;
            a.inlines = vec![Inline::plain(ws.join(" "))];
        }
        Edit::InsertAlinea { after, text, .. } => {
            let at = after % (d.alineas.len() + 1);
            d.alineas.insert(at, Alinea::paragraph(vec![Inline::plain(text.clone())]));
        }
        Edit::DeleteAlinea { alinea, .. } if !d.alineas.is_empty() => {
            let at = alinea % d.alineas.len();
            d.alineas.remove(at);
        }
        Edit::AppendSentence { alinea, text, .. } if !texts.is_empty() => {
            let a = &mut d.alineas[texts[alinea % texts.len()]];
            a.inlines.push(Inline::plain(text.clone()));
            a.inlines = clausier::markdown::normalize(std::mem::take(&mut a.inlines));
        }
        Edit::RenameHeading { title, .. } if !d.title.is_empty() => d.title = vec![Inline::plain(title.clone())],
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    /// Any document clausier builds reads back as itself, Word's noise or not.
    #[test]
    fn random_documents_read_back_as_themselves(doc in document(), which in prop::collection::vec(0..NOISE.len(), 0..4), seed in any::<u64>()) {
        let bytes = rewrite_document_xml(&docx_of(&doc), |x| which.iter().fold(x.to_string(), |x, k| noise(&x, *k, seed)));
        let back = read_back(&bytes, &doc);
        prop_assert_eq!(first_difference(&canonical_text(&doc), &canonical_text(&back)), None, "noise {:?}", which);
        // The annexes after the signatures come back after them.
        prop_assert_eq!(after_signatures(&doc), after_signatures(&back));
        // (The source only names the text in the change set.)
        prop_assert!(nothing_to_amend(draft(&paris_ivry().0, &doc, &back)));
    }

    /// The library's sources edited on the model, built, given Word's noise
    /// and read back: the avenant drafted from the DOCX, applied to the
    /// source, gives exactly the edited text.
    #[test]
    fn edits_come_back_as_the_avenant_that_makes_them(source in 0usize..3, edits in prop::collection::vec(edit(), 1..5), which in prop::collection::vec(0..NOISE.len(), 0..3), seed in any::<u64>()) {
        let (src, old) = load(&crate::common::root().join("clauses").join(["paris-ivry", "application-tam", "application-passerelle"][source]));
        let mut edited = old.clone();
        for e in &edits {
            apply_edit(&mut edited, e);
        }
        let bytes = rewrite_document_xml(&docx_of(&edited), |x| which.iter().fold(x.to_string(), |x, k| noise(&x, *k, seed)));
        let new = read_back(&bytes, &old);
        prop_assert_eq!(first_difference(&canonical_text(&edited), &canonical_text(&new)), None, "read back, noise {:?}", which);
        let drafted = draft(&src, &old, &new);
        if canonical_text(&edited) == canonical_text(&old) {
            prop_assert!(nothing_to_amend(drafted));
            return Ok(());
        }
        // The one change refused by name (as tests/it/corpus_avenants.rs
        // accepts it): a new division opening the text.
        let cs = match drafted {
            Err(e) if e.to_string().contains("before the first division") => return Ok(()),
            d => d.unwrap_or_else(|e| panic!("{}", e)),
        };
        let got = applied(&src, &old, &cs);
        prop_assert_eq!(first_difference(&canonical_text(&edited), &canonical_text(&got)), None, "{:#?}", cs.operations);
    }
}

// ---------------------------------------------------------------------------
// The convention edited by LibreOffice (committed fixtures; see
// tests/fixtures/docx/README.md): with Track Changes and without.

/// Whitespace as a reader ignores it, the typographic apostrophe as the
/// straight one.
fn norm(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}', '\t'], " ").replace('’', "'").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Typography as a source types it, lines kept.
fn typed_plain(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ").replace('’', "'")
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(norm).filter(|l| !l.is_empty()).collect()
}

/// The edits of `sources/edits.json` applied to the paragraphs of the
/// built text the way lo_edit.py applies them.
fn edited_lines() -> Vec<String> {
    let edits: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("sources/edits.json")).unwrap()).unwrap();
    crate::common::apply_lo_edits(&lines(&std::fs::read_to_string(fixture("convention.txt")).unwrap()), &edits, norm)
}

#[test]
fn the_convention_edited_in_libreoffice_comes_back_as_its_avenant() {
    let (src, old) = paris_ivry();
    // The fixture is today's build (else regenerate it: see the README).
    assert_eq!(
        lines(&clausier::write::to_text(&old)),
        lines(&std::fs::read_to_string(fixture("convention.txt")).unwrap()),
        "convention.txt is the build of clauses/paris-ivry"
    );
    let mut drafted = Vec::new();
    for name in ["convention-modifiee.docx", "convention-suivi.docx"] {
        let v = clausier::word::read_version(&fixture(name), &old, "clauses/paris-ivry").unwrap();
        let cs = draft(&src, &old, &v.doc).unwrap();
        // The edits, each where LibreOffice made it: the words replaced and
        // the paragraph inserted in the ii) whose heading was renamed (most
        // of it changed: rewritten whole), a paragraph deleted and a
        // sentence appended in the iii).
        let ops: Vec<(&str, Option<&str>)> = cs.operations.iter().map(|o| (o.name(), o.division())).collect();
        assert_eq!(
            ops,
            [
                ("rename_division", Some("ii-a-1-ii")),
                ("replace_division", Some("ii-a-1-ii")),
                ("delete_alineas", Some("ii-a-2-iii")),
                ("append_words", Some("ii-a-2-iii"))
            ],
            "{}",
            name
        );
        assert!(
            matches!(&cs.operations[3], Operation::AppendWords { alinea: 6, words, .. } if words == "Cette programmation est révisée chaque année."),
            "{:?}",
            cs.operations[3]
        );
        // Applied, it gives the edited text, paragraph for paragraph.
        assert_eq!(lines(&clausier::write::to_text(&applied(&src, &old, &cs))), edited_lines(), "{}", name);
        drafted.push(clausier::avenant::to_json(&cs));
    }
    assert_eq!(drafted[0], drafted[1], "the same avenant with and without Track Changes");
}

#[test]
fn a_heading_renamed_alone_is_drafted_as_its_new_intitule() {
    let (src, old) = paris_ivry();
    let bytes = rewrite_document_xml(&docx_of(&old), |x| {
        x.replacen(
            "Accompagner la réappropriation de la Seine par les citoyen.ne.s",
            "Rendre la Seine aux habitants",
            1,
        )
    });
    let cs = draft(&src, &old, &read_back(&bytes, &old)).unwrap();
    assert!(
        matches!(cs.operations.as_slice(), [Operation::RenameDivision { division, title }] if division == "ii-a-2-ii" && clausier::model::inline_text(title) == "Rendre la Seine aux habitants"),
        "{:?}",
        cs.operations
    );
    let doc = clausier::avenant::document::build_on(&src, &old, &cs, Path::new("a.json")).unwrap();
    let text = norm(&clausier::write::to_text(&doc));
    assert!(
        text.contains("L'intitulé du ii) du 2. du A du II est ainsi rédigé : « Rendre la Seine aux habitants »."),
        "{}",
        text
    );
}

#[test]
fn ids_survive_headings_renamed_and_divisions_moved() {
    // Two divisions swapped and both renamed in Word: their id bookmarks
    // say which is which, though neither title nor place does. (An avenant
    // has no formula to move a division: the one moved is drafted deleted
    // and inserted; what counts is that both are known for what they are.)
    let (src, old) = paris_ivry();
    let bytes = docx_of(&old);
    let body = |x: &str| {
        let start =
            |id: &str| x.find(&format!("w:name=\"_cl_{}\"", id)).map(|k| x[..k].rfind("<w:p>").unwrap()).unwrap();
        let (b1, b2, end) = (start("ii_b_1"), start("ii_b_2"), start("ii_b_3"));
        let one = x[b1..b2].replacen("Établir un état des lieux", "Dresser l’inventaire", 1);
        let two = x[b2..end].replacen("Évaluer l’équilibre territorial", "Mesurer l’équilibre", 1);
        format!("{}{}{}{}", &x[..b1], two, one, &x[end..])
    };
    let new = read_back(&rewrite_document_xml(&bytes, body), &old);
    let ids: Vec<&str> = new.find("ii-b").unwrap().children.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["ii-b-2", "ii-b-1", "ii-b-3"]);
    let titles: Vec<String> = new.find("ii-b").unwrap().children.iter().map(|d| norm(&inline_text(&d.title))).collect();
    assert_eq!(
        titles[..2],
        [
            "Mesurer l'équilibre du dispositif de relogement par le Samu social",
            "Dresser l'inventaire des logements sociaux implantés à Ivry-sur-Seine"
        ]
    );
    let cs = draft(&src, &old, &new).unwrap();
    assert_eq!(first_difference(&canonical_text(&new), &canonical_text(&applied(&src, &old, &cs))), None);
}

#[test]
fn without_their_marks_divisions_align_by_label_and_content() {
    // The id bookmarks gone (the text pasted into a new document): the same
    // avenant, found by labels and words.
    let (src, old) = paris_ivry();
    let strip = |x: &str| noise(x, NOISE.len() - 1, 0);
    let path = fixture("convention-modifiee.docx");
    let with = draft(&src, &old, &clausier::word::read_version(&path, &old, "old").unwrap().doc).unwrap();
    let stripped = rewrite_document_xml(&std::fs::read(&path).unwrap(), strip);
    let read = clausier::read::docx::read_docx(&stripped, &Default::default()).unwrap();
    assert!(!read.blocks.iter().flat_map(|b| &b.bookmarks).any(|n| n.starts_with("_cl_")), "the marks are gone");
    let without = draft(&src, &old, &read_back(&stripped, &old)).unwrap();
    assert_eq!(clausier::avenant::to_json(&with), clausier::avenant::to_json(&without));
}

// ---------------------------------------------------------------------------
// The commands.

fn run_ok(args: &[&str]) -> String {
    let r = crate::common::clausier(args);
    assert!(r.status.success(), "{:?}: {}", args, String::from_utf8_lossy(&r.stderr));
    String::from_utf8(r.stderr).unwrap()
}

#[test]
fn avenant_draft_reads_the_document_edited_in_word() {
    let dir = tempfile::tempdir().unwrap();
    let out = |n: &str| dir.path().join(n).display().to_string();
    let suivi = fixture("convention-suivi.docx").display().to_string();
    run_ok(&["avenant", "draft", "clauses/paris-ivry", &suivi, "-o", &out("suivi.json")]);
    // A DOCX is known by its content, not by its name.
    let hidden = dir.path().join("modifiee");
    std::fs::copy(fixture("convention-modifiee.docx"), &hidden).unwrap();
    run_ok(&["avenant", "draft", "clauses/paris-ivry", &hidden.display().to_string(), "-o", &out("modifiee.json")]);
    let (a, b) =
        (std::fs::read_to_string(out("suivi.json")).unwrap(), std::fs::read_to_string(out("modifiee.json")).unwrap());
    assert_eq!(a, b);
    assert!(a.contains("\"source\": \"clauses/paris-ivry\""), "{}", a);
    // Then the avenant applies and builds like any other.
    run_ok(&["avenant", "apply", "clauses/paris-ivry", &out("suivi.json"), "-o", &out("consolidee")]);
    run_ok(&["build", &out("consolidee"), "--unmarked", "-o", &out("consolidee.txt")]);
    assert_eq!(lines(&std::fs::read_to_string(out("consolidee.txt")).unwrap()), edited_lines());
    run_ok(&["avenant", "build", "clauses/paris-ivry", &out("suivi.json"), "-o", &out("avenant.docx")]);
    // The build itself, unedited: nothing to amend.
    let e = crate::common::refused(
        &[
            "avenant",
            "draft",
            "clauses/paris-ivry",
            &fixture("convention.docx").display().to_string(),
            "-o",
            &out("rien.json"),
        ],
        &dir.path().join("rien.json"),
    );
    assert!(e.contains("nothing for an avenant to amend"), "{}", e);
}

#[test]
fn a_tracked_document_made_from_another_text_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let o = out.display().to_string();
    // Another convention altogether.
    let e = crate::common::refused(
        &[
            "avenant",
            "draft",
            "clauses/application-tam",
            &fixture("convention-suivi.docx").display().to_string(),
            "-o",
            &o,
        ],
        &out,
    );
    assert!(
        e.contains(
            "convention-suivi.docx was not made from clauses/application-tam: first difference at the title page"
        ),
        "{}",
        e
    );
    // The same convention with one word changed without Track Changes:
    // the changes tracked are not changes of OLD; the place is named.
    let bytes = rewrite_document_xml(&std::fs::read(fixture("convention-suivi.docx")).unwrap(), |x| {
        x.replacen("Paris accompagnera Ivry", "Paris aidera Ivry", 1)
    });
    let edited = dir.path().join("suivi.docx");
    std::fs::write(&edited, bytes).unwrap();
    for args in [
        vec!["avenant", "draft", "clauses/paris-ivry", edited.to_str().unwrap(), "-o", &o],
        vec!["redline", "clauses/paris-ivry", edited.to_str().unwrap(), "-o", &o],
    ] {
        let e = crate::common::refused(&args, &out);
        assert!(e.contains("was not made from clauses/paris-ivry: first difference at le ii) du 3. du A du II: clauses/paris-ivry has « accompagnera » where the document has « aidera »"), "{}", e);
    }
}

#[test]
fn redline_tableau_and_dossier_take_the_document_edited_in_word() {
    let dir = tempfile::tempdir().unwrap();
    let out = |n: &str| dir.path().join(n).display().to_string();
    let suivi = fixture("convention-suivi.docx").display().to_string();
    run_ok(&["redline", "clauses/paris-ivry", &suivi, "-o", &out("redline.docx")]);
    let red = std::fs::read(out("redline.docx")).unwrap();
    // Accept All is the edited text, Reject All the convention, word for
    // word (read by the tests' own ECMA-376 reader; bullets and the
    // signature table are laid out otherwise than in the text build).
    // (`accept_reject` gives no text for the `w:noBreakHyphen` of signature names.)
    let words =
        |paras: Vec<String>| crate::common::words(&norm(&paras.join("\n")).replace("Ivry-sur-Seine", "Ivrysurseine"));
    assert_eq!(words(crate::common::accept_reject(&red, true)), words(edited_lines()));
    assert_eq!(
        words(crate::common::accept_reject(&red, false)),
        words(lines(&std::fs::read_to_string(fixture("convention.txt")).unwrap()))
    );
    run_ok(&["redline", "clauses/paris-ivry", &suivi, "--table", "-o", &out("tableau.docx")]);
    let tableau = crate::common::docx_text(&std::fs::read(out("tableau.docx")).unwrap());
    assert!(
        tableau.contains("Rédaction proposée") && tableau.contains("Cette programmation est révisée chaque année."),
        "{}",
        tableau
    );
    let stat = crate::common::clausier(&["redline", "clauses/paris-ivry", &suivi, "--stat", "--format", "json"]);
    let st: serde_json::Value = serde_json::from_slice(&stat.stdout).unwrap();
    assert!(st.to_string().contains("inserted"), "{}", st);
    // The council pack drafts the avenant as `avenant draft` does and joins it.
    run_ok(&["dossier", "clauses/paris-ivry", &suivi, "-o", &out("dossier"), "-q", "--no-pdf"]);
    run_ok(&["avenant", "draft", "clauses/paris-ivry", &suivi, "-o", &out("a.json")]);
    assert_eq!(std::fs::read(out("dossier/avenant-1.json")).unwrap(), std::fs::read(out("a.json")).unwrap());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out("dossier/manifest.json")).unwrap()).unwrap();
    let names: Vec<&str> = manifest["files"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(
        names[..6],
        [
            "avenant-1.docx",
            "convention-consolidee-avenant-1.docx",
            "redline-avenant-1.docx",
            "tableau-comparatif-avenant-1.docx",
            "modifications-avenant-1.html",
            "avenant-1.json"
        ]
    );
    // The same pack from the JSON, but for the JSON itself.
    run_ok(&["dossier", "clauses/paris-ivry", &out("a.json"), "-o", &out("dossier-json"), "-q", "--no-pdf"]);
    for f in ["avenant-1.docx", "redline-avenant-1.docx", "tableau-comparatif-avenant-1.docx"] {
        assert_eq!(
            std::fs::read(out(&format!("dossier/{}", f))).unwrap(),
            std::fs::read(out(&format!("dossier-json/{}", f))).unwrap(),
            "{}",
            f
        );
    }
}

// ---------------------------------------------------------------------------
// DOCX written by other programs enter the library (`import X.docx`).

/// The words of a source text: its comments and metadata block are not
/// words of the convention; a Markdown footnote is read where it is called,
/// as the DOCX reader gives notes (the way the Journal officiel prints them
/// in running text), not at the end of the file.
fn reference(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = regex::Regex::new(r"(?s)<!--.*?-->").unwrap().replace_all(&text, " ").to_string();
    let mut text = regex::Regex::new(r"(?s)\A---\n.*?\n---\n").unwrap().replace(&text, "").to_string();
    let note = regex::Regex::new(r"(?m)^\[\^(\w+)\]: (.*)$").unwrap();
    let notes: Vec<(String, String)> =
        note.captures_iter(&text.clone()).map(|c| (c[1].to_string(), c[2].to_string())).collect();
    text = note.replace_all(&text, "").to_string();
    for (k, body) in notes {
        let call = format!("[^{}]", k);
        if let Some(at) = text.find(&call) {
            let end = text[at..].find('\n').map_or(text.len(), |e| at + e);
            text.insert_str(end, &format!("\n({}) {}", k, body));
        }
    }
    text
}

/// Imports a DOCX fixture as `clausier import` does: the source, built.
fn import_docx(name: &str) -> (clausier::import::Imported, Document) {
    let imported = clausier::import::import_file(&fixture(name)).unwrap();
    let doc = assemble(&imported.source, &BuildOptions::default()).unwrap();
    (imported, doc)
}

/// The reference with each article's title set after its label, as the
/// build prints it (« Art. 1er - Services concédé. »), where the text sets
/// it on the line above (as `tests/import.rs` reads the Markdown texts).
fn titles_after_labels(text: &str, doc: &Document) -> String {
    let mut t = text.to_string();
    for d in doc.all_divisions() {
        let (Some(label), false) = (&d.label, d.title.is_empty()) else { continue };
        let title = inline_text(&d.title).replace('’', "'");
        let re = regex::Regex::new(&format!(r"{}\n\n((?:[. ]+\n\n)?){}", regex::escape(&title), regex::escape(label)))
            .unwrap();
        t = re.replace(&t, |c: &regex::Captures| format!("{}{} {}", &c[1], label, title)).to_string();
    }
    t
}

/// Every word of the reference (Markdown, or LibreOffice's text of the
/// document) is in the imported document, in order, but the export's page
/// title and the note calls LibreOffice glues to their word.
fn keeps_every_word(name: &str, reference_file: &str, doc: &Document) {
    let mut text = clausier::write::to_text(doc);
    for b in &doc.signatures {
        text.extend(b.lines.iter().map(|l| format!("{}\n", inline_text(l))));
    }
    let reference = titles_after_labels(&crate::common::printed_words(&reference(&fixture(reference_file))), doc);
    let heading = crate::common::export_heading(&reference);
    let furniture = |run: &str| crate::common::glued_note_call(run) || (!heading.is_empty() && heading.contains(run));
    crate::common::assert_keeps_every_word_but(
        &reference,
        &text,
        &format!("{}: the export's page title and note calls", name),
        &furniture,
    );
}

#[test]
fn docx_of_other_programs_import_with_their_words_and_divisions() {
    let articles = std::iter::once("Article 1er".to_string())
        .chain((2..=11).map(|n| format!("Article {}", n)))
        .collect::<Vec<_>>()
        .join("\n");
    let cases: [(&str, &str, String); 4] = [
        // pandoc, from the Journal officiel text: the export's page heading
        // (« Article Convention du 19 février 2009 ») is not a division.
        ("unedic-pandoc.docx", "sources/2009-unedic-convention-19-fevrier-2009.md", articles),
        // pandoc with automatic numbering: « 1. » to « 13. » are numbered
        // paragraphs (items of I.); pandoc read « II. - Éléments facultatifs »
        // as a numbered paragraph « II. » holding a bullet: a division II.
        (
            "annexe3-pandoc.docx",
            "sources/2006-chirurgiens-dentistes-convention-annexe-III-v1-original.md",
            "Annexe III\n  I. -\n  II.".into(),
        ),
        // pandoc's nested lists, a footnote, a table: the enumeration « I.
        // Distributions publiques… ; » stays list items.
        (
            "listes-pandoc.docx",
            "sources/listes.md",
            "CHAPITRE Ier :\n  Utilisation des ouvrages de la concession\n  Ordre de satisfaction des demandes".into(),
        ),
        // LibreOffice's outline numbering on the heading styles, restarting
        // under each chapter (the labels are not in the text); its list
        // numbering (« 1° », « a) ») stays alinéas.
        (
            "cahier-numerote-libreoffice.docx",
            "cahier-numerote-libreoffice.lo.txt",
            "CHAPITRE I :\n  Art. 1. -\n  Art. 2. -\n  Art. 3. -\nCHAPITRE II :\n  Art. 1. -\n  Art. 2. -".into(),
        ),
    ];
    for (name, reference_file, expected) in cases {
        let (_, doc) = import_docx(name);
        assert_eq!(typed_plain(&outline(&doc)), expected, "{}", name);
        keeps_every_word(name, reference_file, &doc);
    }
}

#[test]
fn a_cahier_des_charges_laid_out_by_libreoffice_imports_with_its_tables() {
    // The 1952 cahier des charges (HTML by pandoc, DOCX by LibreOffice):
    // six chapters, 37 articles as the text numbers them (« Art. 20. »
    // where 28 is meant), the 1° of Art. 5 and 9 divisions (the text cites
    // « au 1° ci-dessus »), every table cell in its column.
    let (imported, doc) = import_docx("gaz-libreoffice.docx");
    let chapters: Vec<String> = doc.divisions.iter().map(|d| d.label.clone().unwrap_or_default()).collect();
    assert_eq!(
        chapters,
        ["CHAPITRE Ier :", "CHAPITRE II :", "CHAPITRE III :", "CHAPITRE IV :", "CHAPITRE V :", "CHAPITRE VI :"]
    );
    let number = regex::Regex::new(r"\d+(er)?").unwrap();
    let articles: Vec<String> = doc
        .divisions
        .iter()
        .flat_map(|c| {
            c.children.iter().map(|a| {
                number.find(a.label.as_deref().unwrap_or("")).map_or(String::new(), |m| m.as_str().to_string())
            })
        })
        .collect();
    let expected: Vec<String> = (1..=37)
        .map(|n| {
            if n == 1 {
                "1er".to_string()
            } else if n == 28 {
                "20".to_string()
            } else {
                n.to_string()
            }
        })
        .collect();
    assert_eq!(articles, expected);
    let points = |art: &str| {
        doc.all_divisions()
            .into_iter()
            .find(|d| d.label.as_deref().is_some_and(|l| l.starts_with(art)))
            .map(|d| d.children.iter().map(|c| c.label.clone().unwrap_or_default()).collect::<Vec<_>>())
            .unwrap()
    };
    assert_eq!(points("Art. 5."), ["1°", "2°", "3°"]);
    assert_eq!(points("Art. 9."), ["1°", "2°"]);
    let tables = doc
        .all_divisions()
        .iter()
        .flat_map(|d| d.alineas.iter())
        .filter(|a| matches!(a.kind, AlineaKind::Table { .. }))
        .count();
    assert!(tables >= 7, "{} tables", tables);
    assert_eq!(imported.source.manifest.nature.as_deref(), Some("le cahier des charges"));
    keeps_every_word("gaz-libreoffice.docx", "sources/1952-cahier-charges-type-transport-gaz-v1-original.md", &doc);
}

#[test]
fn clausier_s_own_docx_imports_as_its_source() {
    // The convention as clausier builds it, imported back: the same
    // outline, the same words (the loop closes without the source).
    let (_, old) = paris_ivry();
    let (imported, doc) = import_docx("convention.docx");
    assert_eq!(typed_plain(&outline(&doc)), typed_plain(&outline(&old)));
    assert_eq!(first_difference(&norm(&clausier::write::to_text(&old)), &norm(&clausier::write::to_text(&doc))), None);
    assert_eq!(imported.source.manifest.originaux, Some(4));
    // Tracked changes are accepted, and said so.
    let (tracked, _) = import_docx("convention-suivi.docx");
    assert!(tracked.notes.iter().any(|n| n.contains("imported with every change accepted")), "{:?}", tracked.notes);
}

/// The first division deleted and a new one opening the text in its place,
/// under the same label (here none, as the préambule's): drafted as the
/// first division rewritten whole, which gives exactly the new text. Under
/// another label it is refused by name: no formula inserts before the first
/// division of a text.
#[test]
fn a_new_first_division_in_place_of_the_first_rewrites_it() {
    let (src, old) = paris_ivry();
    assert_eq!(old.divisions[0].label, None, "the préambule has no label");
    let mut new = old.clone();
    new.divisions[0] = Division {
        id: "avant-propos".into(),
        title: vec![Inline::plain("Avant-propos des deux villes")],
        level: old.divisions[0].level,
        alineas: vec![Alinea::paragraph(vec![Inline::plain("Les deux villes conviennent de tout autres choses.")])],
        ..Default::default()
    };
    let cs = draft(&src, &old, &new).unwrap();
    assert!(
        matches!(cs.operations.as_slice(), [Operation::ReplaceDivision { division, .. }] if *division == old.divisions[0].id),
        "{:#?}",
        cs.operations
    );
    let got = applied(&src, &old, &cs);
    assert_eq!(first_difference(&canonical_text(&new), &canonical_text(&got)), None);

    new.divisions[0].label = Some("Article liminaire".into());
    let refused = draft(&src, &old, &new).unwrap_err().to_string();
    assert!(
        refused.contains("« Article liminaire Avant-propos des deux villes » is inserted before the first division"),
        "{refused}"
    );
}
