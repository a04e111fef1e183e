//! Two texts: the tokenizer gives the text back, the redline of one against
//! the other accepts into the second and rejects into the first, and the
//! avenant drafted from them applies into the second.
#![no_main]
use clausier::model::Mark;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_at(text.char_indices().nth(text.chars().count() / 2).map_or(text.len(), |(i, _)| i));
    for t in [a, b] {
        let joined: String = clausier::tokens::tokenize(t).iter().map(|x| x.text).collect();
        assert_eq!(joined, t);
    }
    let ia = vec![clausier::model::Inline::plain(clausier::markdown::fold_spaces(a))];
    let ib = vec![clausier::model::Inline::plain(clausier::markdown::fold_spaces(b))];
    let (na, nb) = (clausier::markdown::normalize(ia), clausier::markdown::normalize(ib));
    let line = clausier::compare::compare_inlines(&na, &nb);
    assert_eq!(
        clausier::model::inline_text(&line.side(Mark::Ins)),
        clausier::model::inline_text(&clausier::markdown::normalize(nb.clone()))
    );
    assert_eq!(
        clausier::model::inline_text(&line.side(Mark::Del)),
        clausier::model::inline_text(&clausier::markdown::normalize(na.clone()))
    );
    // As two one-article conventions: draft, apply, compare.
    let doc = |v: &[clausier::model::Inline]| {
        format!("## Article 1 – Objet\n\n{}\n", clausier::markdown::inlines_to_markdown(v))
    };
    let (Ok(old), Ok(new)) = (
        clausier::import::import_text(&doc(&na), std::path::Path::new("a.md")),
        clausier::import::import_text(&doc(&nb), std::path::Path::new("b.md")),
    ) else {
        return;
    };
    if let Ok(cs) = clausier::avenant::draft::draft(&old, &new, &Default::default()) {
        let after = clausier::avenant::apply::apply(&old, &cs, std::path::Path::new("x.json"), &Default::default())
            .expect("a draft applies");
        let got =
            clausier::fingerprint::canonical_text(&clausier::render::assemble(&after, &Default::default()).unwrap());
        let want =
            clausier::fingerprint::canonical_text(&clausier::render::assemble(&new, &Default::default()).unwrap());
        assert_eq!(got, want);
    }
});
