//! The ODT writer: a package LibreOffice accepts (mimetype first, stored),
//! reproducible, with the DOCX's page furniture, and real ODF tracked
//! changes in a redline. (LibreOffice opening them, and its Accept/Reject
//! All, are checked by .ci/odt.sh.)

use crate::common::*;
use clausier::compare::compare;
use clausier::fingerprint::canonical_text;
use clausier::markdown::TextBlock;
use clausier::model::AlineaKind;
use clausier::read::docx::{Options as DocxOptions, View};
use clausier::render::BuildOptions;
use clausier::write::{self, Options};
use std::io::Read;

fn parts(bytes: &[u8]) -> Vec<(String, String, zip::CompressionMethod)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|k| {
            let mut f = z.by_index(k).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().to_string(), s, f.compression())
        })
        .collect()
}

fn part(bytes: &[u8], name: &str) -> String {
    parts(bytes).into_iter().find(|(n, _, _)| n == name).unwrap().1
}

#[test]
fn an_odt_package_is_reproducible_and_opens_with_its_mimetype() {
    let doc = clausier::build(&library_source(), &BuildOptions::default()).unwrap();
    let a = write::render(&doc, "odt");
    assert_eq!(a, write::render(&doc, "odt"), "the same document, the same bytes");
    let p = parts(&a);
    assert_eq!(p[0].0, "mimetype");
    assert_eq!(p[0].1, "application/vnd.oasis.opendocument.text");
    assert_eq!(p[0].2, zip::CompressionMethod::Stored);
    // The mimetype's bytes are at offset 38, as ODF readers look for them.
    assert_eq!(&a[30..38], b"mimetype");
    let content = part(&a, "content.xml");
    // A real table of contents, each line pointing at a heading's bookmark.
    assert!(content.contains("<text:table-of-content text:name=\"Sommaire\""));
    // Every heading is a target, as in the DOCX; the sommaire lists 16 of them.
    assert!(content.matches("<text:bookmark-start text:name=\"_Toc").count() >= doc.sommaire().len());
    assert_eq!(content.matches("<text:p text:style-name=\"Contents_20_").count(), doc.sommaire().len());
    assert!(content.contains("<text:bookmark text:name=\"_cl_"), "the stable ids, as in the DOCX");
    let styles = part(&a, "styles.xml");
    assert!(styles.contains("fo:language=\"fr\" fo:country=\"FR\"") && styles.contains("style:font-name=\"Arial\""));
    // The title page's own footer, the text's « page X sur Y ».
    assert!(styles.contains("style:name=\"Title\" style:page-layout-name=\"Page\" style:next-style-name=\"Standard\""));
    assert!(styles.contains("page <text:page-number text:select-page=\"current\">1</text:page-number> sur <text:page-count>1</text:page-count>"));
    let meta = part(&a, "meta.xml");
    assert!(meta.contains("<dc:language>fr-FR</dc:language>") && !meta.contains("meta:creation-date"));
}

#[test]
fn an_odt_redline_carries_insertions_and_deletions_as_odf_tracked_changes() {
    let src = clausier::source::Source::load(&library_source()).unwrap();
    let path = root().join("examples/avenant-1.json");
    let cs = clausier::avenant::load(&path).unwrap();
    let old = clausier::render::assemble(&src, &BuildOptions::default()).unwrap();
    let (_, new) = clausier::avenant::apply::consolidate(&src, &old, &cs, &path, &Default::default()).unwrap();
    let red = compare(&old, &new);
    let opts = Options {
        rev: write::RevInfo::new("Comité technique".into(), Some("2026-12-09")).unwrap(),
        ..Default::default()
    };
    let bytes = (write::writer("odt").write)(&red, &opts);
    let content = part(&bytes, "content.xml");
    let regions = content.matches("<text:changed-region").count();
    assert!(regions >= 3, "{}", regions);
    assert!(content.contains("<text:insertion><office:change-info><dc:creator>Comité technique</dc:creator><dc:date>2026-12-09T00:00:00</dc:date>"));
    assert!(content.contains("<text:deletion>"));
    // Every region is marked in the text, once.
    for k in 1..=regions {
        let id = format!("\"ct{}\"", k);
        let marks = content.matches(&format!("text:change-id={}", id)).count();
        assert!((1..=2).contains(&marks), "ct{} marked {} times", k, marks);
    }
    // A plain build has none.
    let plain = (write::writer("odt").write)(&new, &Options::default());
    assert!(!part(&plain, "content.xml").contains("tracked-changes"));
}

#[test]
fn odt_originals_carry_their_number_and_paraphes_and_their_hashes_hold() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    let r = clausier(&["originals", "--format", "odt", "-o", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let bytes = std::fs::read(out.join("paris-ivry-original-2-sur-4.odt")).unwrap();
    let styles = part(&bytes, "styles.xml");
    assert!(styles.contains("Paraphe – Ville de Paris") && styles.contains("Exemplaire original n° 2 sur 4 – page "));
    // The signature page: its own master page, no paraphe box.
    let sig = &styles[styles.find("style:name=\"Signatures\"").unwrap()..];
    assert!(!sig[..sig.find("</style:master-page>").unwrap()].contains("Paraphe"));
    let again = d.path().join("p");
    assert!(clausier(&["originals", "--format", "odt", "-o", again.to_str().unwrap()]).status.success());
    assert_eq!(std::fs::read(out.join("SHA256SUMS")).unwrap(), std::fs::read(again.join("SHA256SUMS")).unwrap());
}

/// The items of a document without a marker of their own (bullets), as the
/// model holds them.
fn bullets(doc: &clausier::model::Document) -> usize {
    fn alineas(d: &clausier::model::Division) -> usize {
        let own = d.alineas.iter().filter(|a| a.kind == AlineaKind::Item { marker: None }).count();
        own + d.children.iter().map(alineas).sum::<usize>()
    }
    doc.divisions.iter().map(alineas).sum::<usize>()
        + doc
            .front
            .iter()
            .chain(&doc.closing)
            .flat_map(|p| &p.alineas)
            .filter(|a| a.kind == AlineaKind::Item { marker: None })
            .count()
}

fn read_back(bytes: &[u8], view: View, like: &clausier::model::Document) -> clausier::model::Document {
    let text = clausier::read::read_document(bytes, &DocxOptions { view }).unwrap();
    clausier::word::document_of(&text, like, std::path::Path::new("x.odt")).unwrap()
}

#[test]
fn bulleted_items_are_an_odf_list_whose_dash_is_a_label() {
    let doc = clausier::build(&library_source(), &BuildOptions::default()).unwrap();
    let n = bullets(&doc);
    assert!(n >= 5, "the seed has bulleted items: {}", n);
    let bytes = write::render(&doc, "odt");
    let content = part(&bytes, "content.xml");
    // Consecutive items one list, as LibreOffice's bullet button makes them.
    let lists = content.matches("<text:list text:style-name=\"Tiret\">").count();
    assert!((1..n).contains(&lists), "{} lists for {} items", lists, n);
    assert_eq!(content.matches("<text:list-item>").count(), n);
    // The dash is the list's label, no longer typed before a tab.
    assert!(!content.contains(">–<text:tab/>"));
    let styles = part(&bytes, "styles.xml");
    assert!(styles.contains("<text:list-style style:name=\"Tiret\"") && styles.contains("text:bullet-char=\"–\""));
    // clausier's reader reads the items back as bullets, the document as it was.
    let text = clausier::read::read_document(&bytes, &DocxOptions { view: View::Accept }).unwrap();
    let read = text
        .blocks
        .iter()
        .filter(
            |b| matches!(&b.block, TextBlock::Alinea { alinea, .. } if alinea.kind == AlineaKind::Item { marker: None }),
        )
        .count();
    assert_eq!(read, n);
    let back = read_back(&bytes, View::Accept, &doc);
    assert_eq!(canonical_text(&back), canonical_text(&doc));
}

#[test]
fn every_sommaire_entry_links_to_its_heading() {
    let doc = clausier::build(&library_source(), &BuildOptions::default()).unwrap();
    let content = part(&write::render(&doc, "odt"), "content.xml");
    let index = &content[content.find("<text:index-body>").unwrap()..content.find("</text:index-body>").unwrap()];
    let re = regex::Regex::new(r##"<text:a xlink:type="simple" xlink:href="#([^"]+)""##).unwrap();
    let targets: Vec<&str> = re.captures_iter(index).map(|c| c.get(1).unwrap().as_str()).collect();
    assert_eq!(targets.len(), doc.sommaire().len());
    for t in &targets {
        // The target is a heading's bookmark, outside the sommaire.
        let mark = format!("<text:bookmark-start text:name=\"{}\"/>", t);
        assert_eq!(content.matches(&mark).count(), 1, "{}", t);
        let at = content.find(&mark).unwrap();
        assert!(content[..at].rfind("<text:h ") > content[..at].rfind("</text:h>"), "{} is in a heading", t);
    }
    let distinct: std::collections::BTreeSet<&&str> = targets.iter().collect();
    assert_eq!(distinct.len(), targets.len(), "each entry its own heading");
}

#[test]
fn an_odt_redline_with_lists_accepts_to_the_new_text_and_rejects_to_the_old() {
    let src = clausier::source::Source::load(&library_source()).unwrap();
    let path = root().join("examples/avenant-1.json");
    let cs = clausier::avenant::load(&path).unwrap();
    let old = clausier::render::assemble(&src, &BuildOptions::default()).unwrap();
    let (_, new) = clausier::avenant::apply::consolidate(&src, &old, &cs, &path, &Default::default()).unwrap();
    // A bulleted item deleted whole, another inserted whole.
    let mut new = new;
    let d = new.divisions.iter_mut().find(|d| bullets_of(d) > 1).expect("a division with bullets");
    let k = d.alineas.iter().position(|a| a.kind == AlineaKind::Item { marker: None }).unwrap();
    d.alineas.remove(k);
    let item = clausier::model::Alinea::new(
        AlineaKind::Item { marker: None },
        vec![clausier::model::Inline::plain("Évaluer chaque année les coopérations engagées")],
    );
    d.alineas.insert(k + 1, item);
    let bytes = (write::writer("odt").write)(&compare(&old, &new), &Options::default());
    let content = part(&bytes, "content.xml");
    assert!(content.contains("<text:deletion><office:change-info>"));
    assert!(content.contains("</office:change-info><text:list text:style-name=\"Tiret\"><text:list-item><text:p"));
    assert_eq!(canonical_text(&read_back(&bytes, View::Accept, &new)), canonical_text(&new));
    assert_eq!(canonical_text(&read_back(&bytes, View::Reject, &old)), canonical_text(&old));
}

fn bullets_of(d: &clausier::model::Division) -> usize {
    d.alineas.iter().filter(|a| a.kind == AlineaKind::Item { marker: None }).count()
}
