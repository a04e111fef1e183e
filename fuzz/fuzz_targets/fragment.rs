//! Any fragment text (Markdown + handlebars) renders or is refused; the
//! DOCX written from it is well-formed XML text (no control characters).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let hb = clausier::render::registry();
    let ctx = serde_json::json!({ "parties": [{ "nom": "la Ville de Paris" }], "originaux": 4 });
    let Ok(md) = clausier::render::render_text(&hb, std::path::Path::new("f.md"), &text, &ctx) else { return };
    let blocks = clausier::markdown::parse(&md);
    let alineas: Vec<_> = blocks
        .into_iter()
        .filter_map(|b| if let clausier::markdown::TextBlock::Alinea { alinea, .. } = b { Some(alinea) } else { None })
        .collect();
    let doc = clausier::model::Document {
        divisions: vec![clausier::model::Division {
            id: "d".into(),
            label: None,
            title: vec![],
            level: 1,
            alineas,
            children: vec![],
            history: vec![],
            toc: Default::default(),
            after_signatures: false,
            change: None,
        }],
        ..Default::default()
    };
    let bytes = clausier::write::render(&doc, "docx");
    assert!(!bytes.is_empty());
    // Round trip of what the fragment writer produces.
    for a in &doc.divisions[0].alineas {
        let again = clausier::markdown::parse_inline(&clausier::markdown::inlines_to_markdown(&a.inlines));
        if matches!(a.kind, clausier::model::AlineaKind::Paragraph) {
            assert_eq!(again, clausier::markdown::normalize(a.inlines.clone()));
        }
    }
});
