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
