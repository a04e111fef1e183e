//! Documents fit for signature: the sommaire's page numbers, room to sign,
//! paraphe boxes, one typography, a consolidated version that says so, facts
//! present or a visible blank, and the refusals of what cannot be right.
//!
//! The test that lays the originals out needs LibreOffice and poppler-utils;
//! it says so and passes without checking when they are absent.

use crate::common::*;
use clausier::facts::BLANK;
use clausier::render::BuildOptions;
use std::path::Path;

fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
    s
}

fn has_part(docx: &[u8], name: &str) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap().by_name(name).is_ok()
}

/// The text of every `w:t` of a part, runs joined.
fn texts(xml: &str) -> String {
    let re = regex::Regex::new(r"<w:t(?: [^>]*)?>([^<]*)</w:t>").unwrap();
    re.captures_iter(xml).map(|c| c[1].to_string()).collect::<Vec<_>>().join("")
}

fn docx_of(source: &str) -> Vec<u8> {
    let doc = clausier::build(&root().join(source), &BuildOptions::default()).unwrap();
    clausier::write::render(&doc, "docx")
}

fn edit_manifest(src: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let p = src.join("manifest.json");
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(&p, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

// ---- 6. One typography -------------------------------------------------

#[test]
fn every_output_prints_the_typographic_apostrophe_and_superscript_ordinals() {
    for source in ["clauses/paris-ivry", "clauses/application-tam", "clauses/application-passerelle"] {
        let doc = clausier::build(&root().join(source), &BuildOptions::default()).unwrap();
        let txt = clausier::write::to_text(&doc);
        assert!(!txt.contains('\''), "{}: a typewriter apostrophe in the text output", source);
        let html = String::from_utf8(clausier::write::render(&doc, "html")).unwrap();
        let body = &html[html.find("<body>").unwrap()..];
        assert!(!body.contains('\''), "{}: a typewriter apostrophe in the HTML", source);
        let docx = clausier::write::render(&doc, "docx");
        for p in ["word/document.xml", "word/footer1.xml"] {
            let t = texts(&part(&docx, p));
            assert!(!t.contains('\'') && !t.contains("&apos;"), "{}: {}", source, p);
        }
    }
    // « Article 1er », « 13e arrondissement »: the suffix is a superscript run.
    let xml = part(&docx_of("clauses/application-tam"), "word/document.xml");
    assert!(xml.contains(r#"<w:t xml:space="preserve">Article 1</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t xml:space="preserve">er</w:t>"#), "Article 1er");
    assert!(xml.contains(r#"<w:vertAlign w:val="superscript"/></w:rPr><w:t xml:space="preserve">e</w:t></w:r><w:r><w:t xml:space="preserve"> arrondissement"#), "13e arrondissement");
    let doc = clausier::build(&root().join("clauses/application-tam"), &BuildOptions::default()).unwrap();
    let html = String::from_utf8(clausier::write::render(&doc, "html")).unwrap();
    assert!(html.contains("Article 1<sup>er</sup>") && html.contains("13<sup>e</sup>"));
    // The avenant too.
    let src = clausier::source::Source::load(&root().join("clauses/paris-ivry")).unwrap();
    let path = root().join("examples/avenant-1.json");
    let cs = clausier::avenant::load(&path).unwrap();
    let av = clausier::avenant::document::build(&src, &cs, &path).unwrap();
    let xml = part(&clausier::write::render(&av, "docx"), "word/document.xml");
    assert!(xml.contains(r#"Article 1</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t xml:space="preserve">er</w:t>"#));
}

#[test]
fn the_sommaire_is_spelled_as_its_headings() {
    let doc = clausier::build(&library_source(), &BuildOptions::default()).unwrap();
    let txt = clausier::write::to_text(&doc);
    for heading in [
        "PRÉAMBULE : IVRY-PARIS",
        "I. BILAN DU PROTOCOLE SIGNÉ EN 2006",
        "II. AXES DE COOPÉRATION",
        "IV. DURÉE DE LA CONVENTION",
    ] {
        assert!(txt.replace('\u{a0}', " ").contains(heading), "{}", heading);
    }
    assert!(!txt.contains("COOPERATION") && !txt.contains("PREAMBULE"));
}

#[test]
fn justified_lines_ending_in_a_manual_break_are_not_stretched() {
    let settings = part(&docx_of("clauses/paris-ivry"), "word/settings.xml");
    assert!(settings.contains("<w:compat><w:doNotExpandShiftReturn/>"), "{}", settings);
}

// ---- 1. A real sommaire, without LibreOffice -----------------------------

#[test]
fn without_a_layout_the_sommaire_leaves_its_numbers_to_word() {
    let docx = docx_of("clauses/paris-ivry");
    let xml = part(&docx, "word/document.xml");
    let n = clausier::build(&library_source(), &BuildOptions::default()).unwrap().sommaire().len();
    assert_eq!(n, 16);
    // Every PAGEREF has an empty cached result: the seed's pages (3, 4, 6…)
    // belong to another layout.
    assert_eq!(xml.matches("PAGEREF _Toc").count(), n, "one PAGEREF per entry of the sommaire");
    let empty = regex::Regex::new(r#"PAGEREF _Toc\d+ \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/>"#).unwrap();
    assert_eq!(empty.find_iter(&xml).count(), n, "no cached page number");
    assert!(part(&docx, "word/settings.xml").contains(r#"<w:updateFields w:val="true"/>"#));
    // The numbers show: the dot-leader tab at the right margin, no right indent.
    let styles = part(&docx, "word/styles.xml");
    let toc1 = &styles[styles.find(r#"w:styleId="TOC1""#).unwrap()..];
    let toc1 = &toc1[..toc1.find("</w:style>").unwrap()];
    assert!(toc1.contains(r#"w:pos="9072""#) && toc1.contains(r#"w:right="0""#), "{}", toc1);
    // A build says so, once.
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("c.docx");
    let r = clausier(&["build", "-o", out.to_str().unwrap()]);
    assert!(r.status.success());
    let err = String::from_utf8(r.stderr).unwrap();
    assert_eq!(err.matches("page numbers").count(), 1, "{}", err);
    // A document without sommaire does not ask Word to update anything.
    assert!(!part(&docx_of("clauses/application-tam"), "word/settings.xml").contains("updateFields"));
}

#[test]
fn the_pages_the_layout_gives_are_the_numbers_the_sommaire_prints() {
    let doc = clausier::build(&library_source(), &BuildOptions::default()).unwrap();
    let mut pages = clausier::write::Pages::new();
    for k in 1..=20u32 {
        pages.insert(format!("_Toc{:06}", k), 100 + k);
    }
    let opts = clausier::write::Options { pages: Some(&pages), ..Default::default() };
    let docx = clausier::write::docx::write(&doc, &opts);
    let xml = part(&docx, "word/document.xml");
    assert!(xml.contains(r#"PAGEREF _Toc000001 \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve">101</w:t>"#));
}

// ---- 2. The signature page ---------------------------------------------

#[test]
fn room_to_sign_between_the_title_and_the_name_and_names_that_keep_their_hyphens() {
    let xml = part(&docx_of("clauses/application-passerelle"), "word/document.xml");
    let table = &xml[xml.rfind("<w:tbl>").unwrap()..];
    // « Pour …, » / « Le Maire d’Ivry-sur-Seine, » / 3.2 cm / « Philippe BOUYSSOU ».
    // 1814 twips = 3.2 cm: at least 3 cm between the lines around it.
    let space = table.find(r#"<w:trHeight w:val="1814" w:hRule="exact"/>"#).expect("a row of fixed height to sign");
    let (above, below) = table.split_at(space);
    let above = texts(above);
    assert!(above.contains("La Maire de Paris,") && above.contains("Pour la Ville de Paris,"), "{}", above);
    assert!(texts(below).contains("Anne HIDALGO") && !texts(below).contains("Maire"));
    // Hyphens in the blocks do not break: « Ivry<w:noBreakHyphen/>sur<w:noBreakHyphen/>Seine ».
    assert!(
        table.contains("Ivry</w:t><w:noBreakHyphen/><w:t xml:space=\"preserve\">sur</w:t><w:noBreakHyphen/>"),
        "{}",
        table
    );
    assert!(!texts(table).contains('-'));
    // Every row kept whole, and every line but the names kept with the next.
    assert_eq!(table.matches("<w:tr>").count(), table.matches("<w:cantSplit/>").count());
}

#[test]
fn originals_give_place_and_date_once_and_a_signature_page_without_paraphes() {
    let d = tempfile::tempdir().unwrap();
    // The avenant's closing says « Fait à Paris, le 15 janvier 2027 »: no second place and date.
    let a = d.path().join("a");
    // (A draft: the example avenant lacks facts to sign.)
    let r = clausier(&["originals", "--avenant", "examples/avenant-1.json", "-o", a.to_str().unwrap(), "--projet"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let bytes = std::fs::read(a.join("avenant-1-original-1-sur-4.docx")).unwrap();
    let t = texts(&part(&bytes, "word/document.xml"));
    assert!(t.contains("Fait à Paris, le 15") && !t.contains("À …"), "{}", t);
    // The convention-cadre states none: each party gets its own.
    let c = d.path().join("c");
    assert!(clausier(&["originals", "-o", c.to_str().unwrap()]).status.success());
    let bytes = std::fs::read(c.join("paris-ivry-original-1-sur-4.docx")).unwrap();
    let xml = part(&bytes, "word/document.xml");
    assert_eq!(texts(&xml).matches("À …………………, le …………………").count(), 2);
    assert!(!texts(&xml).contains("Fait à"));
    // The seed's own words in the blocks, the name under the room to sign.
    let table = texts(&xml[xml.rfind("<w:tbl>").unwrap()..]);
    for w in ["La Ville d’Ivrysur", "Représentée par Monsieur le Maire", "PHILIPPE BOUYSSOU", "ANNE HIDALGO"] {
        assert!(table.contains(w), "{} in {}", w, table);
    }
    // Two sections: the text with paraphes (footer1, the title page footer2),
    // then the signature page with footer3, which has none.
    assert_eq!(xml.matches("<w:sectPr>").count(), 2);
    let last = &xml[xml.rfind("<w:sectPr>").unwrap()..];
    assert!(last.contains("rIdFooter3") && !last.contains("rIdFooter1"));
    let f1 = part(&bytes, "word/footer1.xml");
    let f3 = part(&bytes, "word/footer3.xml");
    assert_eq!(f1.matches("Paraphe – ").count(), 2);
    assert!(!f3.contains("Paraphe") && f3.contains("Exemplaire original n° 1 sur 4"));
    // Paraphe boxes: a 1.5 cm square with borders, the label in its own row above.
    assert_eq!(f1.matches(r#"<w:trHeight w:val="851" w:hRule="exact"/>"#).count(), 1);
    assert_eq!(f1.matches(r#"<w:tcW w:w="851" w:type="dxa"/><w:tcBorders>"#).count(), 2);
    assert!(f1.contains(r#"<w:jc w:val="center"/>"#));
    // A build that is not an original has one section and no footer3.
    let plain = docx_of("clauses/paris-ivry");
    assert_eq!(part(&plain, "word/document.xml").matches("<w:sectPr>").count(), 1);
    assert!(!has_part(&plain, "word/footer3.xml"));
}

// ---- 3. A consolidated version -----------------------------------------

#[test]
fn a_consolidated_version_says_what_it_is() {
    let d = tempfile::tempdir().unwrap();
    let cons = d.path().join("cons");
    assert!(clausier(&[
        "avenant",
        "apply",
        "clauses/paris-ivry",
        "examples/avenant-1.json",
        "-o",
        cons.to_str().unwrap()
    ])
    .status
    .success());
    let out = d.path().join("c.txt");
    let r = clausier(&["build", cons.to_str().unwrap(), "--annotate", "-o", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let t = std::fs::read_to_string(&out).unwrap().replace('\u{a0}', " ");
    let head = &t[..t.find("SOMMAIRE").unwrap()];
    assert!(
        head.contains("Version consolidée au 15 janvier 2027 intégrant l’avenant n° 1 du 15 janvier 2027"),
        "{}",
        head
    );
    assert!(
        !t.contains("exemplaires originaux") && !t.contains("HIDALGO") && !t.contains("Représentée par"),
        "no closing formula, no signature blocks"
    );
    assert!(
        t.contains(&format!("font foi la convention signée le {} et l’avenant n° 1 signé le 15 janvier 2027.", BLANK))
    );
    assert_eq!(t.matches("(modifié par l’avenant n° 1 du 15 janvier 2027)").count(), 3);
    // The bare amended text, for comparisons.
    let bare = d.path().join("b.txt");
    assert!(clausier(&["build", cons.to_str().unwrap(), "--unmarked", "-o", bare.to_str().unwrap()]).status.success());
    let b = std::fs::read_to_string(&bare).unwrap();
    assert!(!b.contains("Version consolidée") && b.contains("exemplaires originaux"));
    // A consolidated version is not signed.
    let o = d.path().join("o");
    let e = refused(&["originals", cons.to_str().unwrap(), "-o", o.to_str().unwrap()], &o);
    assert!(e.contains("consolidated") && e.contains("--avenant"), "{}", e);
    // In the council pack too.
    let pack = d.path().join("pack");
    assert!(clausier(&[
        "dossier",
        "clauses/paris-ivry",
        "examples/avenant-1.json",
        "-o",
        pack.to_str().unwrap(),
        "-q",
        "--no-pdf"
    ])
    .status
    .success());
    let c =
        texts(&part(&std::fs::read(pack.join("convention-consolidee-avenant-1.docx")).unwrap(), "word/document.xml"));
    assert!(c.contains("Version consolidée au 15") && !c.contains("exemplaires originaux"));
}

// ---- 4. Facts present or a visible blank ---------------------------------

#[test]
fn a_missing_fact_is_a_visible_blank_and_a_warning_never_nothing() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("tam.txt");
    let r = clausier(&["build", "clauses/application-tam", "-o", out.to_str().unwrap()]);
    assert!(r.status.success());
    let t = std::fs::read_to_string(&out).unwrap().replace('\u{a0}', " ");
    assert!(
        t.contains(&format!(
            "agissant en vertu de la délibération n° {b} du Conseil de Paris en date du {b},",
            b = BLANK
        )),
        "{}",
        t
    );
    assert!(t.contains(&format!("adoptée par délibérations des {} ;", BLANK)));
    let err = String::from_utf8(r.stderr).unwrap();
    for field in [
        "parties[paris].deliberation.numero",
        "parties[ivry].deliberation.date",
        "variables.cadre.adoption",
        "dates.signature",
    ] {
        assert!(err.lines().any(|l| l.starts_with("clausier: warning:") && l.contains(field)), "{} in {}", field, err);
    }
    // The avenant: its visa of the convention, and a deliberation it does not state.
    let av = d.path().join("av.txt");
    let r =
        clausier(&["avenant", "build", "clauses/paris-ivry", "examples/avenant-1.json", "-o", av.to_str().unwrap()]);
    assert!(r.status.success());
    let t = std::fs::read_to_string(&av).unwrap().replace('\u{a0}', " ");
    assert!(t.contains(&format!(
        "Vu la convention de coopération entre la Ville de Paris et la Ville d’Ivry-sur-Seine, signée le {} ;",
        BLANK
    )));
    assert!(
        t.contains(&format!("délibération n° {} du conseil municipal en date du 17 décembre 2026", BLANK)),
        "{}",
        t
    );
    assert!(String::from_utf8_lossy(&r.stderr).contains("deliberations[ivry].numero"));
}

#[test]
fn given_every_fact_the_document_has_no_blank_and_check_passes() {
    let d = tempfile::tempdir().unwrap();
    let src = copy_source("application-tam", d.path());
    // Not yet: check lists what is missing and fails.
    let r = clausier(&["check", src.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(1));
    let listed = String::from_utf8(r.stdout).unwrap();
    assert!(listed.contains("parties[paris].deliberation.numero") && listed.contains("needed to sign"), "{}", listed);
    assert!(String::from_utf8(r.stderr).unwrap().contains("5 facts needed to sign missing"));
    edit_manifest(&src, |m| {
        m["parties"][0]["deliberation"] =
            serde_json::json!({ "organe": "Conseil de Paris", "numero": "2026 DU 45", "date": "2026-11-18" });
        m["parties"][1]["deliberation"] =
            serde_json::json!({ "organe": "conseil municipal", "numero": "2026-112", "date": "2026-11-27" });
        m["variables"]["cadre"]["adoption"] = serde_json::json!("par délibérations du Conseil de Paris des 8 et 9 juillet 2019 et du conseil municipal d’Ivry-sur-Seine du 27 juin 2019");
        m["dates"] = serde_json::json!({ "signature": "2027-02-01", "adoption": "2027-02-01" });
    });
    let r = clausier(&["check", src.to_str().unwrap()]);
    assert!(r.status.success(), "{}{}", String::from_utf8_lossy(&r.stdout), String::from_utf8_lossy(&r.stderr));
    let out = d.path().join("t.txt");
    let r = clausier(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(r.status.success());
    assert!(!String::from_utf8(r.stderr).unwrap().contains("warning"));
    let t = std::fs::read_to_string(&out).unwrap();
    assert!(!t.contains('…'), "no blank left: {}", t);
    assert!(t
        .replace('\u{a0}', " ")
        .contains("délibération n° 2026 DU 45 du Conseil de Paris en date du 18 novembre 2026"));
    // The convention-cadre has what its originals need (its deliberations are
    // not printed in its text, and listed all the same).
    let r = clausier(&["check"]);
    assert!(r.status.success());
    assert!(String::from_utf8(r.stdout).unwrap().contains("dates.adoption"));
}

// ---- 5. Refusals ---------------------------------------------------------

#[test]
fn an_unknown_kind_is_refused_with_the_known_ones() {
    let d = tempfile::tempdir().unwrap();
    let src = copy_source("application-tam", d.path());
    edit_manifest(&src, |m| m["kind"] = serde_json::json!("convention-aplication"));
    let out = d.path().join("x.docx");
    let e = refused(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("manifest.json") && e.contains("did you mean \"convention-application\"?"), "{}", e);
    for k in clausier::known_kinds() {
        assert!(e.contains(k), "{} listed in {}", k, e);
    }
}

#[test]
fn an_unknown_manifest_field_is_refused_with_the_name_meant() {
    let d = tempfile::tempdir().unwrap();
    let src = copy_source("application-tam", d.path());
    let p = src.join("manifest.json");
    std::fs::write(&p, std::fs::read_to_string(&p).unwrap().replace("\"originaux\"", "\"originals\"")).unwrap();
    let out = d.path().join("x.docx");
    let e = refused(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()], &out);
    assert!(e.contains("unknown field `originals`") && e.contains("did you mean \"originaux\"?"), "{}", e);
}

#[test]
fn copies_other_than_the_text_states_are_refused_unless_the_number_is_its_variable() {
    let d = tempfile::tempdir().unwrap();
    // An imported text says « établie en 4 exemplaires originaux » in its own words.
    let imported = d.path().join("imp");
    assert!(clausier(&["import", seed_path().to_str().unwrap(), "-o", imported.to_str().unwrap()]).status.success());
    let o = d.path().join("o");
    let e = refused(&["originals", imported.to_str().unwrap(), "-o", o.to_str().unwrap(), "--copies", "2"], &o);
    assert!(e.contains("--copies 2") && e.contains("states 4"), "{}", e);
    // The same number is fine.
    assert!(clausier(&["originals", imported.to_str().unwrap(), "-o", o.to_str().unwrap(), "--copies", "4"])
        .status
        .success());
    // The library's text takes it from `originaux`: printed anew, and said.
    let v = d.path().join("v");
    let r = clausier(&["originals", "-o", v.to_str().unwrap(), "--copies", "2"]);
    assert!(r.status.success());
    assert!(String::from_utf8(r.stderr).unwrap().contains("now states 2 exemplaires originaux"));
    let t = texts(&part(&std::fs::read(v.join("paris-ivry-original-2-sur-2.docx")).unwrap(), "word/document.xml"));
    assert!(t.contains("établie en 2 exemplaires originaux") && !t.contains("en 4 exemplaires"));
}

#[test]
fn a_tableau_comparatif_cannot_be_html() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("t.html");
    let e = refused(
        &[
            "redline",
            "clauses/paris-ivry",
            "--avenant",
            "examples/avenant-1.json",
            "--table",
            "-o",
            out.to_str().unwrap(),
        ],
        &out,
    );
    assert!(e.contains("tableau comparatif") && e.contains(".docx"), "{}", e);
}

#[test]
fn calendrier_names_the_missing_date_and_how_to_give_it() {
    let r = clausier(&["calendrier"]);
    assert_eq!(r.status.code(), Some(1));
    let e = String::from_utf8(r.stderr).unwrap();
    assert_eq!(e.trim_end().lines().count(), 1);
    assert!(
        e.contains("manifest.json")
            && e.contains("no adoption date")
            && e.contains("\"adoption\": \"YYYY-MM-DD\"")
            && e.contains("--adoption"),
        "{}",
        e
    );
}

#[test]
fn an_avenant_dated_after_the_end_of_the_convention_is_warned_of() {
    let d = tempfile::tempdir().unwrap();
    let src = copy_source("paris-ivry", d.path());
    // Adopted in July 2019 for 2 years, renewed once: ended on 10 July 2023.
    edit_manifest(&src, |m| m["dates"] = serde_json::json!({ "adoption": "2019-07-11" }));
    let out = d.path().join("a.txt");
    let r =
        clausier(&["avenant", "build", src.to_str().unwrap(), "examples/avenant-1.json", "-o", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let e = String::from_utf8(r.stderr).unwrap();
    assert!(
        e.contains("avenant n° 1 is dated 15 janvier 2027, after the end of the convention it amends (10 juillet 2023"),
        "{}",
        e
    );
    let r = clausier(&["check", src.to_str().unwrap(), "--avenant", "examples/avenant-1.json"]);
    assert!(String::from_utf8(r.stdout).unwrap().contains("after the end of the convention"));
    // Within the term, nothing.
    edit_manifest(&src, |m| m["dates"] = serde_json::json!({ "adoption": "2025-07-11" }));
    let r =
        clausier(&["avenant", "build", src.to_str().unwrap(), "examples/avenant-1.json", "-o", out.to_str().unwrap()]);
    assert!(!String::from_utf8(r.stderr).unwrap().contains("after the end"));
}

// ---- 7. The CLI ------------------------------------------------------------

#[test]
fn help_describes_every_argument_and_option() {
    let commands: &[&[&str]] = &[
        &["build"],
        &["list"],
        &["import"],
        &["redline"],
        &["originals"],
        &["dossier"],
        &["calendrier"],
        &["check"],
        &["facts"],
        &["avenant", "draft"],
        &["avenant", "apply"],
        &["avenant", "build"],
    ];
    for cmd in commands {
        let mut args = cmd.to_vec();
        args.push("--help");
        let r = clausier(&args);
        assert!(r.status.success());
        let help = String::from_utf8(r.stdout).unwrap();
        let mut section = "";
        for line in help.lines() {
            if line.ends_with(':') && !line.starts_with(' ') {
                section = line;
                continue;
            }
            if (section == "Arguments:" || section == "Options:")
                && line.starts_with("  ")
                && !line.starts_with("         ")
            {
                let item = line.trim_start();
                // « -o, --output <FILE>   Output file… »: a description after the name.
                let described = item.split("  ").filter(|s| !s.trim().is_empty()).count() >= 2;
                assert!(described, "{:?}: « {} » has no description", cmd, item);
            }
        }
        if help.contains("--output") {
            let o = help.lines().find(|l| l.trim_start().starts_with("-o, --output")).unwrap();
            assert!(o.contains("Output file") || o.contains("Output folder"), "{:?}: what -o is: {}", cmd, o);
        }
    }
}

#[test]
fn the_readme_says_how_to_put_clausier_on_the_path() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let head: String = readme.lines().take(12).collect::<Vec<_>>().join("\n");
    assert!(
        head.contains("cargo run --release -- build -o convention.docx") && head.contains("cargo install --path ."),
        "{}",
        head
    );
}

// ---- 1. and 2., laid out by LibreOffice --------------------------------------

fn layout_tools() -> bool {
    crate::common::tools_or_skip(&["soffice", "pdftotext"], "lay the originals out")
}

fn pdftotext(pdf: &Path, extra: &[&str]) -> String {
    let r = std::process::Command::new("pdftotext").args(extra).arg(pdf).arg("-").output().unwrap();
    assert!(r.status.success());
    String::from_utf8(r.stdout).unwrap()
}

/// Text as the PDF prints it, for searching: one kind of apostrophe and of
/// space, spaces folded.
fn flat(s: &str) -> String {
    s.replace(['\u{2019}', '\u{a0}'], " ").replace('\'', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_pdf_originals_show_the_page_where_each_division_starts() {
    if !layout_tools() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    let r = clausier(&["originals", "-o", out.to_str().unwrap(), "--pdf"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let pdf = out.join("paris-ivry-original-1-sur-4.pdf");
    let text = pdftotext(&pdf, &["-layout"]);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    // The sommaire: entries ending with dot leaders and a number (a long
    // entry wraps onto the next line).
    let toc_page = pages.iter().position(|p| p.contains("SOMMAIRE")).unwrap();
    let entry_end = regex::Regex::new(r"\.{3,}\s*(\d+)\s*$").unwrap();
    let mut numbers = Vec::new();
    let mut pending = String::new();
    for line in pages[toc_page].lines().skip_while(|l| !l.contains("SOMMAIRE")).skip(1) {
        if line.trim().is_empty() || line.contains("Paraphe") || line.contains("Exemplaire original") {
            continue;
        }
        match entry_end.captures(line) {
            Some(c) => {
                pending.push_str(&line[..c.get(0).unwrap().start()]);
                numbers.push((flat(&pending), c[1].parse::<usize>().unwrap()));
                pending.clear();
            }
            None => {
                pending.push_str(line);
                pending.push(' ');
            }
        }
    }
    let doc = clausier::build(&library_source(), &BuildOptions::default()).unwrap();
    let entries = doc.sommaire();
    assert_eq!(numbers.len(), entries.len(), "every entry has its page number: {:?}", numbers);
    // Where each division starts: its heading, searched in order from the
    // page after the sommaire.
    let (mut page, mut at) = (toc_page + 1, 0usize);
    for (e, (toc_text, number)) in entries.iter().zip(&numbers) {
        let d = doc.find(&e.division).unwrap();
        let heading = flat(&d.heading_text());
        let probe: String = heading.chars().take(30).collect();
        let found = loop {
            assert!(page < pages.len(), "heading « {} » not found", heading);
            let p = flat(pages[page]);
            if let Some(k) = p[at.min(p.len())..].find(&probe) {
                at += k + probe.len();
                break page + 1;
            }
            page += 1;
            at = 0;
        };
        assert_eq!(*number, found, "« {} » is printed with page {} and starts on page {}", toc_text, number, found);
    }
    // 3 cm to sign: between the line above the room and the name, on the last page.
    let bbox = pdftotext(&pdf, &["-bbox", "-f", &(pages.len() - 1).to_string(), "-l", &(pages.len() - 1).to_string()]);
    let word = regex::Regex::new(r#"<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>"#)
        .unwrap();
    let words: Vec<(f64, f64, String)> =
        word.captures_iter(&bbox).map(|c| (c[1].parse().unwrap(), c[2].parse().unwrap(), c[3].to_string())).collect();
    let title_bottom = words.iter().filter(|w| w.2 == "Représentée").map(|w| w.1).fold(0.0, f64::max);
    let name_top = words.iter().filter(|w| w.2 == "PHILIPPE" || w.2 == "ANNE").map(|w| w.0).fold(f64::MAX, f64::min);
    let gap_cm = (name_top - title_bottom) / 72.0 * 2.54;
    assert!(gap_cm >= 3.0, "{:.2} cm to sign", gap_cm);
    // No paraphe box on the signature page, one on the others.
    assert!(!pages[pages.len() - 2].contains("Paraphe"));
    assert!(pages[pages.len() - 3].contains("Paraphe – Ville de Paris"));
}
