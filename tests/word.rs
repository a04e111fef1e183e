//! The Word round trip (issue 14): a convention built by clausier, edited
//! in Word or LibreOffice, comes back through `avenant draft`, `redline` and
//! `dossier`; DOCX written by other programs import.

mod common;

use clausier::model::Document;
use clausier::render::{assemble, BuildOptions};
use clausier::source::Source;
use std::path::Path;

fn load(path: &Path) -> (Source, Document) {
    let src = Source::load(path).unwrap();
    let doc = assemble(&src, &BuildOptions::default()).unwrap();
    (src, doc)
}

fn docx_of(doc: &Document) -> Vec<u8> {
    clausier::write::render(doc, "docx")
}

/// The DOCX read back as a version of `old`.
fn read_back(bytes: &[u8], old: &Document) -> Document {
    let d = clausier::read::docx::read_docx(bytes, &Default::default()).unwrap();
    clausier::word::document_of(&d, old, Path::new("edited.docx")).unwrap()
}

#[test]
fn every_source_of_the_library_reads_back_as_itself() {
    for name in ["paris-ivry", "application-tam", "application-passerelle"] {
        let (_, old) = load(&common::root().join("clauses").join(name));
        let back = read_back(&docx_of(&old), &old);
        let (a, b) = (clausier::fingerprint::canonical_text(&old), clausier::fingerprint::canonical_text(&back));
        if a != b {
            let first = a.lines().zip(b.lines()).find(|(x, y)| x != y);
            panic!("{}: first difference {:?}", name, first);
        }
        assert_eq!(back, old, "{}: the very same document", name);
    }
}

fn fixture(name: &str) -> std::path::PathBuf {
    common::root().join("tests/fixtures/docx").join(name)
}

fn seed() -> (Source, Document) {
    load(&common::library_source())
}

fn draft(src: &Source, old: &Document, new: &Document) -> clausier::Result<clausier::avenant::ChangeSet> {
    clausier::avenant::draft::draft_from(src, old, new, &clausier::avenant::draft::DraftOptions { numero: None, base_name: "clauses/paris-ivry".into() })
}

#[test]
fn edited_in_libreoffice_without_track_changes() {
    let (src, old) = seed();
    let v = clausier::word::read_version(&fixture("convention-modifiee.docx"), &old, "clauses/paris-ivry").unwrap();
    let cs = draft(&src, &old, &v.doc).unwrap();
    println!("{}", clausier::avenant::to_json(&cs));
}
