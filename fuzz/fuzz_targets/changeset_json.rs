//! Any change set applied to a small convention: refused or applied, never
//! a panic; what applies also builds as an avenant document. A change set
//! that passes `validate` (as `avenant::load` requires) yields a source
//! whose files all lie inside its folder, whatever ids `insert_division`
//! and its `children` carry.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn source() -> &'static clausier::source::Source {
    static S: OnceLock<clausier::source::Source> = OnceLock::new();
    S.get_or_init(|| {
        let text = "**CONVENTION**\n\n## Article 1 – Objet\n\nLa commune verse une subvention de 1 000 euros.\n\nElle en rend compte.\n\n## Article 2 – Durée\n\nLa convention est conclue pour deux ans.\n\n### 1. Reconduction\n\nElle est reconduite une fois.\n";
        clausier::import::import_text(text, std::path::Path::new("c.md")).unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut cs) = serde_json::from_slice::<clausier::avenant::ChangeSet>(data) else { return };
    if cs.validate().is_err() {
        return;
    }
    let src = source();
    let doc = clausier::render::assemble(src, &Default::default()).unwrap();
    cs.base.fingerprint = clausier::fingerprint::of(&doc);
    let p = std::path::Path::new("a.json");
    if let Ok(after) = clausier::avenant::apply::apply(src, &cs, p, &Default::default()) {
        for (rel, _) in after.files() {
            assert!(rel.components().all(|c| matches!(c, std::path::Component::Normal(_))), "{}", rel.display());
        }
        let _ = clausier::render::assemble(&after, &Default::default());
        let _ = clausier::avenant::document::build(src, &cs, p);
    }
});
