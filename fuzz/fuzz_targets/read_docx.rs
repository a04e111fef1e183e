//! Any DOCX parts are read, both views: errors, never a panic. The input
//! is split at 0xFF bytes (never in UTF-8) into `document.xml`,
//! `styles.xml`, `numbering.xml` and `footnotes.xml`, zipped into a
//! package, so that the fuzzer works on the XML rather than on the zip.
//! A document without tracked changes (of its text or its paragraphs'
//! styles) reads alike accepted and rejected.
#![no_main]
use clausier::read::docx::{read_docx, Options, View};
use libfuzzer_sys::fuzz_target;
use std::io::Write;

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|b| *b == 0xFF);
    let names = ["document.xml", "styles.xml", "numbering.xml", "footnotes.xml"];
    let kinds = ["officeDocument", "styles", "numbering", "footnotes"];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut rels =
        String::from(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#);
    for (k, name) in names.iter().enumerate() {
        let Some(p) = parts.next() else { break };
        w.start_file(format!("word/{}", name), opts).unwrap();
        w.write_all(p).unwrap();
        if k > 0 {
            rels.push_str(&format!(r#"<Relationship Id="r{}" Type="{}/{}" Target="{}"/>"#, k, REL, kinds[k], name));
        }
    }
    rels.push_str("</Relationships>");
    w.start_file("word/_rels/document.xml.rels", opts).unwrap();
    w.write_all(rels.as_bytes()).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let accept = read_docx(&bytes, &Options { view: View::Accept });
    let reject = read_docx(&bytes, &Options { view: View::Reject });
    if let (Ok(a), Ok(r)) = (&accept, &reject) {
        if !a.tracked.changes_text() && a.tracked.formatting == 0 {
            assert_eq!(a.blocks, r.blocks);
        }
    }
    assert_eq!(accept.is_ok(), reject.is_ok());
});
