//! Any text imports into a source that builds into a valid document, or is
//! refused with an error — never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(src) = clausier::import::import_text(&text, std::path::Path::new("fuzz.md")) {
        if let Ok(doc) = clausier::render::assemble(&src, &Default::default()) {
            let _ = clausier::write::render(&doc, "docx");
            let md = clausier::write::to_markdown(&doc);
            // What we write as Markdown imports again.
            let _ = clausier::import::import_text(&md, std::path::Path::new("again.md"));
        }
    }
});
