//! Golden files of each writer on a small text: the convention as every
//! format writes it, and a comparison as the redline and the tableau write
//! it. A change in any writer's output — a style, an element, a space —
//! shows as a diff to review (`cargo insta review`), never silently. The
//! packages are shown by their main part (DOCX `word/document.xml`, ODT
//! `content.xml`), one element per line so that a diff points at it.

use crate::common::import_text;
use clausier::compare::compare;
use clausier::model::Document;
use clausier::render::{assemble, BuildOptions};
use clausier::write::{writer, Options};
use std::io::Read;

// No parties block: what import reads of one is tested with import, not here.
const OLD: &str = "CONVENTION DE TEST\n\n\
## Article 1er – Objet\n\nLa présente convention a pour objet **la coopération** entre les parties.\n\n\
## Article 2 – Durée\n\nElle est conclue pour une durée de *deux ans*.\n\n- premier point ;\n- second point.\n";

fn document(text: &str) -> Document {
    assemble(&import_text(text, "test.md"), &BuildOptions::default()).unwrap()
}

/// The main part of a package, one element per line.
fn part(package: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(package)).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    xml.replace("><", ">\n<")
}

fn written(name: &str, doc: &Document, opts: &Options) -> String {
    let bytes = (writer(name).write)(doc, opts);
    match name {
        "docx" | "tableau" => part(&bytes, "word/document.xml"),
        "odt" | "tableau-odt" => part(&bytes, "content.xml"),
        _ => String::from_utf8(bytes).unwrap(),
    }
}

#[test]
fn every_writer_of_a_text() {
    let doc = document(OLD);
    for name in ["docx", "odt", "html", "markdown", "text"] {
        insta::assert_snapshot!(format!("text-{}", name), written(name, &doc, &Options::default()));
    }
}

#[test]
fn every_writer_of_a_comparison() {
    let old = document(OLD);
    let new = document(
        &OLD.replace("*deux ans*", "*trois ans*").replace("- second point.", "- second point ;\n- troisième point."),
    );
    let compared = compare(&old, &new);
    let opts = Options { old: Some(&old), ..Default::default() };
    for name in ["docx", "odt", "redline-html", "tableau", "tableau-odt"] {
        insta::assert_snapshot!(format!("comparison-{}", name), written(name, &compared, &opts));
    }
}
