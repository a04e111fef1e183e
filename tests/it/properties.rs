//! Round trips, property-tested: text written as a fragment comes back
//! identical through handlebars and CommonMark; a document written as
//! Markdown imports back to the same words and divisions.

use clausier::markdown::{inlines_to_markdown, normalize, parse_inline};
use clausier::model::{Inline, Style};
use proptest::prelude::*;

/// PROPTEST_CASES raises the count for a longer run.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn text_strategy() -> impl Strategy<Value = String> {
    // French legal text with the characters that Markdown and handlebars
    // give a meaning to.
    proptest::string::string_regex(r"[a-zA-Zéèàçô0-9 ,;:!?«»'’().\-*_#`\[\]<>&|{}\\~=+%°]{1,30}").unwrap()
}

fn style_strategy() -> impl Strategy<Value = Style> {
    (any::<bool>(), any::<bool>(), prop::bool::weighted(0.1), prop::bool::weighted(0.1))
        .prop_map(|(bold, italic, underline, superscript)| Style { bold, italic, underline, superscript })
}

fn inlines_strategy() -> impl Strategy<Value = Vec<Inline>> {
    prop::collection::vec(
        prop_oneof![
            9 => (text_strategy(), style_strategy()).prop_map(|(t, s)| Inline::styled(t, s)),
            1 => Just(Inline::Break),
        ],
        1..8,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(400)))]

    #[test]
    fn fragment_markdown_reads_back_identically(v in inlines_strategy()) {
        let canon = normalize(v);
        let md = inlines_to_markdown(&canon);
        // Through handlebars first, as every fragment goes.
        let hb = clausier::render::registry();
        let rendered = clausier::render::render_text(&hb, std::path::Path::new("t.md"), &md, &serde_json::json!({})).unwrap();
        prop_assert_eq!(parse_inline(&rendered), canon, "markdown was {:?}", md);
    }

    #[test]
    fn variable_values_stay_literal(value in text_strategy()) {
        let hb = clausier::render::registry();
        let ctx = serde_json::json!({ "nom": value });
        let md = clausier::render::render_text(&hb, std::path::Path::new("t.md"), "Pour {{nom}}, fin", &ctx).unwrap();
        let expect = normalize(vec![Inline::plain(format!("Pour {}, fin", value))]);
        prop_assert_eq!(parse_inline(&md), expect);
    }
}

/// A random convention: divisions with French labels, paragraphs and lists;
/// sometimes signed (« Fait à … », a signature block) with annexes after
/// the signatures, as signed texts print them.
fn document_strategy() -> impl Strategy<Value = String> {
    let para = proptest::string::string_regex(r"[A-Z][a-zéèàç]{2,9}( [a-zéèàç]{1,9}){3,25}\.").unwrap();
    let item = proptest::string::string_regex(r"[a-zéè]{3,9}( [a-zéèàç]{2,8}){1,6} ;").unwrap();
    let body =
        prop::collection::vec(prop_oneof![3 => para.prop_map(|p| p), 1 => item.prop_map(|i| format!("- {}", i))], 1..5);
    let sub = prop::collection::vec(body.clone(), 0..4);
    let annexes = prop::collection::vec(body.clone(), 0..3);
    (prop::collection::vec((body, sub), 1..5), annexes).prop_map(|(arts, annexes)| {
        let mut s = String::from("**CONVENTION DE TEST**\n\n");
        for (k, (body, subs)) in arts.iter().enumerate() {
            s.push_str(&format!("## Article {} – Objet numéro {}\n\n", k + 1, k + 1));
            s.push_str(&body.join("\n\n"));
            s.push_str("\n\n");
            for (j, sb) in subs.iter().enumerate() {
                s.push_str(&format!("### {}. Point {}\n\n{}\n\n", j + 1, j + 1, sb.join("\n\n")));
            }
        }
        if !annexes.is_empty() {
            s.push_str("Fait à Lyon, le 3 mars 2024, en deux exemplaires originaux.\n\n");
            s.push_str("Pour la Ville de Lyon,\n\nLe Maire,\n\nJean DUPONT\n\n");
        }
        for (k, body) in annexes.iter().enumerate() {
            s.push_str(&format!("## ANNEXE {} – Pièce numéro {}\n\n{}\n\n", k + 1, k + 1, body.join("\n\n")));
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(60)))]

    #[test]
    fn import_then_build_keeps_every_word_and_division(text in document_strategy()) {
        let src = clausier::import::import_text(&text, std::path::Path::new("t.md")).unwrap();
        let doc = clausier::render::assemble(&src, &Default::default()).unwrap();
        let md = clausier::write::to_markdown(&doc);
        let words = |t: &str| t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect::<Vec<_>>();
        prop_assert_eq!(words(&text), words(&md));
        let articles = text.matches("## Article").count();
        let annexes = text.matches("## ANNEXE").count();
        prop_assert_eq!(doc.signed_divisions().len(), articles);
        // The annexes after the signatures stay after them.
        prop_assert_eq!(doc.annexes_after_signatures().len(), annexes);
        // And once more: the built Markdown is a fixed point.
        let src2 = clausier::import::import_text(&md, std::path::Path::new("t2.md")).unwrap();
        let doc2 = clausier::render::assemble(&src2, &Default::default()).unwrap();
        prop_assert_eq!(clausier::write::to_markdown(&doc2), md);
    }
}
