//! The foundation: the Paris–Ivry convention assembled from the clause
//! library keeps the seed's words, in order, in every format; builds are
//! byte-identical; DOCX read back by docx-rs carries the same text.

use crate::common::*;
use clausier::render::BuildOptions;
use clausier::write;

fn build_default() -> clausier::model::Document {
    clausier::build(&library_source(), &BuildOptions::default()).unwrap()
}

/// The DOCX with each `w:noBreakHyphen` written as the character it shows
/// (U+2011), for a reader that does not know the element.
fn hyphens_as_text(docx: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for k in 0..zip.len() {
        let mut f = zip.by_index(k).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if f.name() == "word/document.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            bytes = xml.replace("<w:noBreakHyphen/>", "<w:t>\u{2011}</w:t>").into_bytes();
        }
        out.start_file(f.name(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The words of `reference` not found, in order, in `got`.
fn lost_in_order(reference: &[String], got: &[String]) -> Vec<String> {
    similar::capture_diff_slices(similar::Algorithm::Myers, reference, got)
        .iter()
        .filter_map(|op| match *op {
            similar::DiffOp::Delete { old_index, old_len, .. }
            | similar::DiffOp::Replace { old_index, old_len, .. } => {
                Some(reference[old_index..old_index + old_len].join(" "))
            }
            _ => None,
        })
        .collect()
}

/// The words of `reference` not found in `got` at all (as many times).
fn lost_at_all(reference: &[String], got: &[String]) -> Vec<String> {
    let mut have: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for w in got {
        *have.entry(w).or_default() += 1;
    }
    reference
        .iter()
        .filter(|w| match have.get_mut(w.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

#[test]
fn default_build_keeps_the_seed_words_in_every_format() {
    let doc = build_default();
    let txt = String::from_utf8(write::render(&doc, "text")).unwrap();
    let md = String::from_utf8(write::render(&doc, "markdown")).unwrap();
    let html = String::from_utf8(write::render(&doc, "html")).unwrap();
    // docx-rs drops Word's non-breaking hyphens, with which the names in
    // the signature blocks are written: given to it as text.
    let docx = docx_text(&hyphens_as_text(&write::render(&doc, "docx")));
    // Every word, in order: the claim is exact, so is the test (the seed's
    // unaccented sommaire takes its headings' accents, and its page
    // numbers are the seed's layout: `seed_text`, `folded_words`).
    let reference = folded_words(&seed_text());
    for (name, out) in [("txt", &txt), ("md", &md), ("html", &html), ("docx", &docx)] {
        // The Markdown writes « 1<sup>er</sup> » as the seed does.
        let got = folded_words(&out.replace("<sup>er</sup>", "er"));
        assert_eq!(lost_at_all(&reference, &got), Vec::<String>::new(), "{} loses words of the seed", name);
        // In order — but the HTML view sets the signature blocks side by
        // side, each party's column whole, where the seed gives them line
        // by line across the parties: in order up to the signatures.
        let (reference, got) = if name == "html" {
            let end = |w: &[String]| w.iter().position(|x| x == "exemplaires").unwrap() + 2;
            (&reference[..end(&reference)], &got[..end(&got)])
        } else {
            (&reference[..], &got[..])
        };
        assert_eq!(lost_in_order(reference, got), Vec::<String>::new(), "{} loses the seed's order", name);
    }
}

#[test]
fn the_convention_reads_as_the_legal_service_expects() {
    let txt = String::from_utf8(write::render(&build_default(), "text")).unwrap();
    let flat = txt.replace('\u{a0}', " ");
    assert!(
        flat.starts_with("CONVENTION DE COOPÉRATION\n\nENTRE\n\nLA VILLE DE PARIS\n\nET\n\nLA VILLE D’IVRY-SUR-SEINE"),
        "{}",
        &flat[..200]
    );
    assert!(flat.contains("Convention-cadre établie en 4 exemplaires originaux."));
    assert!(flat.contains("II. Axes de coopération"));
    assert!(flat.contains("i) Mise en place d’un comité de pilotage"));
    assert!(flat.contains("PHILIPPE BOUYSSOU\tANNE HIDALGO"));
    // French typography: a non-breaking space before the colon.
    assert!(txt.contains("Préambule\u{a0}: Ivry-Paris"));
}

#[test]
fn builds_are_byte_identical_within_one_process() {
    let a = write::render(&build_default(), "docx");
    let b = write::render(&build_default(), "docx");
    assert_eq!(a, b);
    let h1 = write::render(&build_default(), "html");
    assert_eq!(h1, write::render(&build_default(), "html"));
}

#[test]
fn builds_are_byte_identical_across_processes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.docx");
    let b = dir.path().join("b.docx");
    assert!(clausier(&["build", "-o", a.to_str().unwrap()]).status.success());
    assert!(clausier(&["build", "-o", b.to_str().unwrap()]).status.success());
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn import_then_build_gives_back_the_seed_word_for_word() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("src");
    let r = clausier(&["import", seed_path().to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let txt = dir.path().join("seed.txt");
    let r = clausier(&["build", out.to_str().unwrap(), "-o", txt.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let built = std::fs::read_to_string(&txt).unwrap();
    assert_eq!(folded_words(&seed_text()), folded_words(&built));
}

#[test]
fn markdown_output_imports_back_to_the_same_text() {
    let doc = build_default();
    let md = String::from_utf8(write::render(&doc, "markdown")).unwrap();
    let src = clausier::import::import_text(&md, std::path::Path::new("roundtrip.md")).unwrap();
    let again = clausier::render::assemble(&src, &BuildOptions::default()).unwrap();
    assert_eq!(words(&write::to_text(&doc)), words(&write::to_text(&again)));
    // The structure survives too: the same division labels, in order.
    let labels = |d: &clausier::model::Document| d.all_divisions().iter().map(|x| x.heading_text()).collect::<Vec<_>>();
    assert_eq!(labels(&doc), labels(&again));
}

#[test]
fn docx_carries_styles_properties_and_language() {
    let bytes = write::render(&build_default(), "docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let core = read("docProps/core.xml");
    assert!(
        core.contains(
            "<dc:title>Convention de coopération entre la Ville de Paris et la Ville d&apos;Ivry-sur-Seine</dc:title>"
        ) || core.contains(
            "<dc:title>Convention de coopération entre la Ville de Paris et la Ville d'Ivry-sur-Seine</dc:title>"
        ),
        "{}",
        core
    );
    assert!(core.contains("<dc:creator>"));
    let styles = read("word/styles.xml");
    assert!(styles.contains("w:val=\"fr-FR\""));
    assert!(styles.contains("<w:name w:val=\"heading 1\"/>"));
    let doc = read("word/document.xml");
    assert!(doc.contains("TOC \\o"), "a real table of contents field");
    assert!(doc.contains("<w:pStyle w:val=\"Heading4\"/>"));
    let footer = read("word/footer1.xml");
    assert!(footer.contains(" PAGE ") && footer.contains(" NUMPAGES ") && footer.contains(" sur "));
}

#[test]
fn import_of_an_official_export_infers_divisions_and_keeps_every_word() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/convention-officielle.md")).unwrap();
    let src = clausier::import::import_text(&text, std::path::Path::new("officielle.md")).unwrap();
    let doc = clausier::render::assemble(&src, &BuildOptions::default()).unwrap();
    let txt = write::to_text(&doc);
    assert_eq!(words(&text.replace("<!-- exporté depuis Légifrance -->", "")), words(&txt));
    let heads: Vec<String> = doc.all_divisions().iter().map(|d| d.heading_text()).collect();
    for h in [
        "TITRE Ier DISPOSITIONS GÉNÉRALES",
        "Article 1er – Objet",
        "Art. 2. – Durée",
        "CHAPITRE Ier Engagements financiers",
        "Article 3",
        "I. –",
        "II. –",
        "Article 5 – Litiges",
    ] {
        assert!(heads.iter().any(|x| x == h), "{} not in {:?}", h, heads);
    }
    // Articles sit under their chapter, chapters under their titre.
    let titre2 = doc.divisions.iter().find(|d| d.heading_text().starts_with("TITRE II")).unwrap();
    assert_eq!(titre2.children.len(), 2);
    assert_eq!(titre2.children[0].children[0].heading_text(), "Article 3");
    // The table stays a table.
    let art3 = &titre2.children[0].children[0];
    let has_table = art3
        .children
        .iter()
        .flat_map(|c| &c.alineas)
        .any(|a| matches!(a.kind, clausier::model::AlineaKind::Table { .. }));
    assert!(has_table);
}
