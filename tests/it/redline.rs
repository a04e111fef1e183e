//! The redline: Accept All gives exactly the new text, Reject All exactly
//! the old one, read back from the DOCX (ECMA-376 semantics); changes are
//! marked at word level; the tableau comparatif and the HTML view carry the
//! struck and added words.

use crate::common::*;
use clausier::compare as redline;
use clausier::model::Mark;
use clausier::render::{assemble, BuildOptions};
use clausier::source::Source;
use clausier::write::docx;
use clausier::write::{redline_html, tableau};

/// Paragraph lists equal; on failure, shows the first paragraph that differs.
fn same_lines(got: &[String], want: &[String], what: &str) {
    if let Some(k) = (0..got.len().max(want.len())).find(|&k| got.get(k) != want.get(k)) {
        panic!(
            "{}: paragraph {} differs:\n got: {:?}\nwant: {:?}\n(got {} paragraphs, want {})",
            what,
            k,
            got.get(k),
            want.get(k),
            got.len(),
            want.len()
        );
    }
}

fn check(old: &Source, new: &Source) -> clausier::model::Document {
    let o = assemble(old, &BuildOptions::default()).unwrap();
    let n = assemble(new, &BuildOptions::default()).unwrap();
    let red = redline::compare(&o, &n);
    let opts = clausier::write::Options {
        rev: docx::RevInfo::new("Comité technique".into(), Some("2026-12-09")).unwrap(),
        ..Default::default()
    };
    let bytes = docx::write(&red, &opts);
    let new_docx = clausier::write::render(&n, "docx");
    let old_docx = clausier::write::render(&o, "docx");
    same_lines(&accept_reject(&bytes, true), &accept_reject(&new_docx, true), "Accept All must give the new text");
    same_lines(&accept_reject(&bytes, false), &accept_reject(&old_docx, true), "Reject All must give the old text");
    // The model's own Accept All and Reject All: the two documents again.
    let text = clausier::fingerprint::canonical_text;
    assert_eq!(text(&red.side(Mark::Ins)), text(&n), "Accept All on the model must give the new document");
    assert_eq!(text(&red.side(Mark::Del)), text(&o), "Reject All on the model must give the old document");
    assert_eq!(red.side(Mark::Ins).sommaire(), n.sommaire());
    red
}

#[test]
fn accept_gives_new_and_reject_gives_old_on_the_example_avenant() {
    let src = Source::load(&library_source()).unwrap();
    let path = root().join("examples/avenant-1.json");
    let cs = clausier::avenant::load(&path).unwrap();
    let new = clausier::avenant::apply::apply(&src, &cs, &path, &Default::default()).unwrap();
    let red = check(&src, &new);
    // Word level: « par trimestre » struck, « tous les deux mois » added, the
    // rest of the alinéa untouched.
    let d = red.all_divisions().into_iter().find(|d| d.id == "ii-a-1-ii").unwrap();
    let changed = d.alineas.iter().find(|a| a.line().changed()).unwrap();
    let del: Vec<String> = changed
        .line()
        .segs
        .iter()
        .filter(|s| s.mark == Mark::Del)
        .map(|s| clausier::model::inline_text(&s.inlines))
        .collect();
    let ins: Vec<String> = changed
        .line()
        .segs
        .iter()
        .filter(|s| s.mark == Mark::Ins)
        .map(|s| clausier::model::inline_text(&s.inlines))
        .collect();
    assert_eq!(del, vec!["par trimestre"]);
    assert_eq!(ins, vec!["tous les deux mois"]);
    let st = redline::stat::Stat::of(&red);
    assert_eq!((st.alineas_changed, st.alineas_inserted, st.words_deleted), (2, 1, 3), "{:?}", st);
}

#[test]
fn accept_and_reject_on_the_seed_edited_every_way() {
    let s = seed();
    let e = s
        .replacen("au minimum une fois par trimestre", "au minimum une fois tous les deux mois", 1)
        .replacen("## **ii) Mise en place d'un comité technique**", "## **ii) Mise en place d'un comité technique de suivi**", 1)
        .replacen("Ce travail de récolement et de cartographie partagé pourra être réalisé en partenariat avec l'APUR.\n\n### **2. Évaluer", "### **2. Évaluer", 1)
        .replacen("### **2. Traitement qualitatif des interfaces Paris - Ivry-sur-Seine**", "### **2. Observatoire des mobilités**\n\nUn observatoire est créé.\n\n### **3. Traitement qualitatif des interfaces Paris - Ivry-sur-Seine**", 1)
        .replacen("- sur la collecte des bio-déchets, pour les particuliers et pour la restauration collective ;", "- sur la collecte des bio-déchets ;\n- sur le réemploi ;", 1);
    let cut_start = e.find("#### **Communication sur la convention**").unwrap();
    let cut_end = e.find("#### **Modification de la convention :**").unwrap();
    let e = format!("{}{}", &e[..cut_start], &e[cut_end..]);
    let red = check(&import_text(&s, "old.md"), &import_text(&e, "new.md"));
    let st = redline::stat::Stat::of(&red);
    assert!(st.divisions_inserted >= 1 && st.divisions_deleted >= 1, "{:?}", st);
}

#[test]
fn a_three_word_change_is_not_a_whole_paragraph() {
    let s = seed();
    let e = s.replacen("se réunira au minimum une fois par semestre", "se réunira au minimum deux fois par an", 1);
    let red = check(&import_text(&s, "a.md"), &import_text(&e, "b.md"));
    let st = redline::stat::Stat::of(&red);
    assert_eq!((st.alineas_changed, st.alineas_inserted, st.alineas_deleted), (1, 0, 0));
    assert!(st.words_deleted <= 4 && st.words_inserted <= 4, "{:?}", st);
}

#[test]
fn revision_ids_are_unique_and_stamped() {
    let s = seed();
    let e = s.replacen("1920", "1921", 1).replacen("dizaine", "quinzaine", 1);
    let o = assemble(&import_text(&s, "a.md"), &BuildOptions::default()).unwrap();
    let n = assemble(&import_text(&e, "b.md"), &BuildOptions::default()).unwrap();
    let red = redline::compare(&o, &n);
    let opts = clausier::write::Options {
        rev: docx::RevInfo::new("Comité technique".into(), Some("2026-12-09")).unwrap(),
        ..Default::default()
    };
    let bytes = docx::write(&red, &opts);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    let ids: Vec<&str> = regex::Regex::new(r#"<w:(?:ins|del) w:id="(\d+)""#)
        .unwrap()
        .captures_iter(&xml)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert!(ids.len() >= 4);
    let uniq: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(uniq.len(), ids.len());
    assert!(xml.contains(r#"w:author="Comité technique" w:date="2026-12-09T00:00:00Z""#));
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100)))]

    #[test]
    fn accept_is_new_and_reject_is_old_on_random_edits((old, new) in edit_strategy()) {
        check(&import_text(&old, "old.md"), &import_text(&new, "new.md"));
    }
}

fn example() -> (clausier::model::Document, clausier::model::Document, clausier::model::Document) {
    let src = Source::load(&library_source()).unwrap();
    let path = root().join("examples/avenant-1.json");
    let cs = clausier::avenant::load(&path).unwrap();
    let new = clausier::avenant::apply::apply(&src, &cs, &path, &Default::default()).unwrap();
    let o = assemble(&src, &BuildOptions::default()).unwrap();
    let n = assemble(&new, &BuildOptions::default()).unwrap();
    let r = redline::compare(&o, &n);
    (o, n, r)
}

#[test]
fn the_tableau_comparatif_strikes_and_underlines_words_in_landscape() {
    let (o, _, r) = example();
    let rows = tableau::rows(&r, Some(&o));
    let cits: Vec<&str> = rows.iter().map(|x| x.citation.as_str()).collect();
    assert_eq!(
        cits,
        vec!["Second alinéa du ii) du 1. du A du II", "Alinéa nouveau du i) du 3. du A du II", "Premier alinéa du IV"]
    );
    assert!(matches!(rows[1].left, tableau::Side::Placeholder("(nouveau)")));
    let bytes = tableau::write(
        &r,
        &clausier::write::Options { old: Some(&o), title: Some("Avenant n° 1".into()), ..Default::default() },
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    for needle in [
        "Rédaction actuelle",
        "Rédaction proposée",
        "Observations",
        "w:orient=\"landscape\"",
        "<w:tblHeader/>",
        "(nouveau)",
    ] {
        assert!(xml.contains(needle), "{}", needle);
    }
    // Deleted words struck through on the left, added words bold and underlined on the right.
    assert!(xml.contains("<w:rPr><w:strike/></w:rPr><w:t xml:space=\"preserve\">par trimestre</w:t>"), "strike");
    assert!(
        xml.contains(
            "<w:rPr><w:b/><w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">tous les deux mois</w:t>"
        ),
        "bold underline"
    );
}

#[test]
fn the_html_view_carries_ins_del_and_links_to_each_change() {
    let (o, _, r) = example();
    let html = String::from_utf8(redline_html::write(
        &r,
        &clausier::write::Options { old: Some(&o), title: Some("Avenant n° 1".into()), ..Default::default() },
    ))
    .unwrap();
    assert!(
        html.contains("<del>par trimestre</del><ins>tous les deux mois</ins>")
            || html.contains("<del>par trimestre</del>"),
        "del"
    );
    assert!(html.contains("<ins>tous les deux mois</ins>"));
    assert!(html.contains("<a href=\"#m1\">Second alinéa du ii) du 1. du A du II</a>"));
    assert!(html.contains("id=\"m1\""));
    assert!(html.contains("id=\"cote\""), "side-by-side view");
    // Self-contained: no script, no external resource.
    for bad in ["<script", "<link", "src=\"http", "url(http"] {
        assert!(!html.contains(bad), "{}", bad);
    }
}

#[test]
fn a_deletion_after_an_equal_run_keeps_the_words_around_it() {
    // Found by fuzzing (fuzz/corpus/redline_diff/regression-stale-index): the
    // diff library reported a deletion at a stale position of the new text,
    // and « 2 » vanished from the accepted side.
    let a = vec![clausier::model::Inline::plain("La c\u{FFFD}ne verse 2 000 ommune ver")];
    let b = vec![clausier::model::Inline::plain("se 2 \u{FFFD}00 euros\u{FFFD}au comité de suivi.")];
    let line = redline::compare_inlines(&a, &b);
    assert_eq!(clausier::model::inline_text(&line.side(Mark::Ins)), clausier::model::inline_text(&b));
    assert_eq!(clausier::model::inline_text(&line.side(Mark::Del)), clausier::model::inline_text(&a));
}
