//! Any ODT parts are read, both views: errors, never a panic. The input is
//! split at 0xFF bytes (never in UTF-8) into `content.xml`, `styles.xml`
//! and `meta.xml`, zipped into a package behind its `mimetype`, so that the
//! fuzzer works on the XML rather than on the zip. A document without
//! tracked changes reads alike accepted and rejected.
#![no_main]
use clausier::read::docx::{Options, View};
use clausier::read::read_document;
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|b| *b == 0xFF);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", opts).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.text").unwrap();
    for name in ["content.xml", "styles.xml", "meta.xml"] {
        let Some(p) = parts.next() else { break };
        w.start_file(name, opts).unwrap();
        w.write_all(p).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    let accept = read_document(&bytes, &Options { view: View::Accept });
    let reject = read_document(&bytes, &Options { view: View::Reject });
    if let (Ok(a), Ok(r)) = (&accept, &reject) {
        if !a.tracked.changes_text() {
            assert_eq!(a.blocks, r.blocks);
        }
    }
    assert_eq!(accept.is_ok(), reject.is_ok());
});
