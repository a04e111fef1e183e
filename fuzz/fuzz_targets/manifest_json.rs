//! Any manifest JSON is parsed, then assembled with stand-in clauses:
//! errors, never a panic.
#![no_main]
use clausier::source::{Clause, Manifest, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(m) = serde_json::from_slice::<Manifest>(data) else { return };
    let clauses = clausier::source::clause_ids(&m)
        .into_iter()
        .map(|id| (id, Clause { path: "fuzz.md".into(), text: "Un alinéa.\n\n- un point ;\n".into() }))
        .collect();
    let src = Source { dir: "fuzz".into(), manifest: m, clauses };
    if let Ok(doc) = clausier::render::assemble(&src, &Default::default()) {
        let _ = clausier::write::render(&doc, "docx");
    }
});
