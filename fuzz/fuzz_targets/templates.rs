//! Clauses that include each other (`{{> b}}`, `{{ > b}}`, `{{#> b}}…{{/b}}`,
//! inline partials, loops): the checks of `Source::load` and the assembly
//! end in a result or an error, never a panic, a stack overflow or a hang
//! (libFuzzer's timeout and memory limit stand for the last two).
#![no_main]
use clausier::source::{Clause, Manifest, Source};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Up to three clauses, separated by a line `---`: « a » (in the outline),
    // « b » and the shared « commun/c », which the others may include.
    let mut parts = text.splitn(3, "\n---\n");
    let mut clauses = BTreeMap::new();
    for id in ["a", "b", "commun/c"] {
        let t = parts.next().unwrap_or("Texte.");
        clauses.insert(id.to_string(), Clause { path: format!("{}.md", id).into(), text: t.to_string() });
    }
    let manifest: Manifest = serde_json::from_value(serde_json::json!({
        "kind": "convention", "title": "Essai", "numbering": ["Article {1er} –"],
        "parties": [{ "id": "p", "nom": "la Ville de Paris" }, { "id": "q", "nom": "la Ville d'Ivry-sur-Seine" }],
        "variables": { "liste": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
        "outline": [{ "id": "a1", "title": "Objet", "clause": "a" }, { "id": "a2", "title": "Suite {{> b}}", "clause": "b" }]
    }))
    .unwrap();
    if clausier::source::check_templates(&clauses).is_err() {
        return;
    }
    let src = Source { dir: ".".into(), manifest, clauses };
    if let Ok(doc) = clausier::render::assemble(&src, &Default::default()) {
        // What renders stays within the registry's bound.
        let t = clausier::write::render(&doc, "text");
        assert!(t.len() < 64 * 1024 * 1024);
    }
});
