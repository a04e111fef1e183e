//! Annexes that follow the signatures (issue 17, item 6): a convention
//! signed at « Fait à …, le … » and its signature blocks, its annexes after
//! them, builds them after them in every format; an avenant changing such
//! an annex drafts (from the source or from the DOCX edited in Word),
//! applies, and the redline shows it there. The text is
//! `tests/fixtures/import/convention-plan-montreuil.md`, in the shape of a
//! real convention pluriannuelle d'objectifs (its budget annexed after the
//! signatures).

use crate::common::{copy_dir, rewrite_document_xml, zip_part};
use clausier::model::{Division, Document};
use clausier::render::{assemble, BuildOptions};
use clausier::source::Source;
use std::path::{Path, PathBuf};

const FIXTURE: &str = "tests/fixtures/import/convention-plan-montreuil.md";
const ANNEX: &str = "ANNEXE 1 – Budget prévisionnel";

fn run_ok(args: &[&str]) -> String {
    let r = crate::common::clausier(args);
    assert!(r.status.success(), "{:?}: {}", args, String::from_utf8_lossy(&r.stderr));
    String::from_utf8(r.stderr).unwrap()
}

/// The fixture imported into `dir/src`.
fn imported(dir: &Path) -> PathBuf {
    let src = dir.join("src");
    run_ok(&["import", FIXTURE, "-o", &src.display().to_string()]);
    src
}

fn model(src: &Path) -> Document {
    assemble(&Source::load(src).unwrap(), &BuildOptions::default()).unwrap()
}

fn headings(ds: &[Division]) -> Vec<String> {
    ds.iter().map(Division::heading_text).collect()
}

/// Where each needle is in `text`, in turn, each searched after the one
/// before (`None` when one is missing there): the order a reader meets them.
fn in_order(text: &str, needles: &[&str]) -> bool {
    let mut from = 0;
    for n in needles {
        match text[from..].find(n) {
            Some(k) => from += k + n.len(),
            None => return false,
        }
    }
    true
}

/// The closing, the last signatory's name, then the annex, its heading
/// after the signatures and its words after its heading; and the annex's
/// heading nowhere between the last article and the signatures.
fn annex_after_signatures(text: &str, what: &str) {
    let text = text.replace('\'', "’");
    assert!(
        in_order(
            &text,
            &["Les résultats de l’évaluation", "Fait à Montreuil", "Claire MARTIN", ANNEX, "1 500", "Les montants"]
        ),
        "{}: the annex after the signatures:\n{}",
        what,
        text
    );
    let body = &text[text.find("Les résultats de l’évaluation").unwrap()..text.find("Claire MARTIN").unwrap()];
    assert!(!body.contains("ANNEXE"), "{}: no annex before the signatures:\n{}", what, body);
}

#[test]
fn a_signed_text_s_annexes_are_built_after_its_signatures() {
    let dir = tempfile::tempdir().unwrap();
    let src = imported(dir.path());
    let doc = model(&src);
    assert_eq!(headings(doc.annexes_after_signatures()), vec![ANNEX]);
    assert!(doc.signed_divisions().iter().all(|d| !d.heading_text().starts_with("ANNEXE")));
    // The sommaire lists it, last, as the text's plan does.
    assert_eq!(doc.sommaire().last().map(|e| e.division.as_str()), Some(doc.annexes_after_signatures()[0].id.as_str()));
    let out = |n: &str| dir.path().join(n).display().to_string();
    for ext in ["txt", "md", "html", "odt"] {
        run_ok(&["build", &src.display().to_string(), "-o", &out(&format!("c.{}", ext))]);
    }
    for ext in ["txt", "md", "html"] {
        annex_after_signatures(&std::fs::read_to_string(out(&format!("c.{}", ext))).unwrap(), ext);
    }
    // The DOCX read back by the project's reader: the signature table, then
    // the annex's heading, on a new page.
    run_ok(&["build", &src.display().to_string(), "-o", &out("c.docx")]);
    let bytes = std::fs::read(out("c.docx")).unwrap();
    let read = clausier::read::docx::read_docx(&bytes, &Default::default()).unwrap();
    let texts: Vec<String> = read
        .blocks
        .iter()
        .map(|b| match &b.block {
            clausier::markdown::TextBlock::Heading { inlines, .. } => clausier::model::inline_text(inlines),
            clausier::markdown::TextBlock::Alinea { alinea, .. } => alinea.text(),
            clausier::markdown::TextBlock::Rule { .. } => String::new(),
        })
        .collect();
    annex_after_signatures(&texts.join("\n"), "docx");
    let xml = document_xml(&bytes);
    let between = &xml[xml.find("Claire MARTIN").unwrap()..xml.rfind("Budget prévisionnel").unwrap()];
    assert!(between.contains("<w:pageBreakBefore/>"), "the annex opens a new page");
    // The ODT too: its annex after the signature blocks.
    let odt = zip_part(&std::fs::read(out("c.odt")).unwrap(), "content.xml").unwrap();
    assert!(in_order(&odt, &["Fait à Montreuil", "Claire MARTIN", "Budget prévisionnel", "Les montants"]));
    // The Markdown imports again with its annex where it was.
    let again = dir.path().join("again");
    run_ok(&["import", &out("c.md"), "-o", &again.display().to_string()]);
    assert_eq!(headings(model(&again).annexes_after_signatures()), vec![ANNEX]);
}

#[test]
fn a_source_without_the_mark_builds_its_annexes_before_the_closing_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let src = imported(dir.path());
    let path = src.join("manifest.json");
    let json = std::fs::read_to_string(&path).unwrap();
    assert!(json.contains("\"after_signatures\": true"), "{}", json);
    std::fs::write(&path, json.replace(",\n      \"after_signatures\": true", "")).unwrap();
    let doc = model(&src);
    assert!(doc.annexes_after_signatures().is_empty());
    let txt = dir.path().join("c.txt");
    run_ok(&["build", &src.display().to_string(), "-o", &txt.display().to_string()]);
    let text = std::fs::read_to_string(txt).unwrap();
    assert!(
        in_order(&text, &["Les résultats", ANNEX, "Les montants", "Fait à Montreuil", "Claire MARTIN"]),
        "{}",
        text
    );
}

fn document_xml(bytes: &[u8]) -> String {
    zip_part(bytes, "word/document.xml").unwrap()
}

fn operations(json: &str) -> serde_json::Value {
    serde_json::from_str::<serde_json::Value>(json).unwrap()["operations"].clone()
}

#[test]
fn an_avenant_to_an_annex_after_the_signatures_drafts_applies_and_shows_in_the_redline() {
    let dir = tempfile::tempdir().unwrap();
    let src = imported(dir.path());
    let s = src.display().to_string();
    let out = |n: &str| dir.path().join(n).display().to_string();
    // The budget's 2023 line for seeds and tools goes from 800 to 900.
    let new = dir.path().join("new");
    copy_dir(&src, &new);
    let annex_id = model(&src).annexes_after_signatures()[0].id.clone();
    let clause = new.join(format!("{}.md", annex_id));
    let text = std::fs::read_to_string(&clause).unwrap();
    assert!(text.contains("| 800 |"), "{}", text);
    std::fs::write(&clause, text.replace("| 800 |", "| 900 |")).unwrap();
    run_ok(&["avenant", "draft", &s, &new.display().to_string(), "-o", &out("av.json")]);
    let cs = std::fs::read_to_string(out("av.json")).unwrap();
    let ops = operations(&cs);
    assert_eq!(ops.as_array().map(Vec::len), Some(1), "{}", cs);
    assert_eq!(ops[0]["division"], annex_id.as_str(), "{}", cs);
    // The avenant names the annex as the text does.
    run_ok(&["avenant", "build", &s, &out("av.json"), "-o", &out("av.txt")]);
    let avenant = std::fs::read_to_string(out("av.txt")).unwrap();
    assert!(avenant.contains("de l’annexe 1 est ainsi rédigé"), "{}", avenant);
    // Applied, the annex keeps its place after the signatures.
    run_ok(&["avenant", "apply", &s, &out("av.json"), "-o", &out("cons")]);
    let cons = model(Path::new(&out("cons")));
    assert_eq!(headings(cons.annexes_after_signatures()), vec![ANNEX]);
    run_ok(&["build", &out("cons"), "--unmarked", "-o", &out("cons.txt")]);
    let t = std::fs::read_to_string(out("cons.txt")).unwrap();
    annex_after_signatures(&t, "consolidated");
    assert!(t.contains("1 200\t900") && !t.contains("\t800"), "{}", t);
    // The redline: the change in the annex, after the signatures.
    run_ok(&["redline", &s, "--avenant", &out("av.json"), "-o", &out("red.docx")]);
    let red = std::fs::read(out("red.docx")).unwrap();
    let accepted = crate::common::accept_reject(&red, true).join("\n");
    let rejected = crate::common::accept_reject(&red, false).join("\n");
    assert!(in_order(&accepted, &["Claire MARTIN", "Budget prévisionnel", "900"]), "{}", accepted);
    assert!(in_order(&rejected, &["Claire MARTIN", "Budget prévisionnel", "800"]), "{}", rejected);
    run_ok(&["redline", &s, "--avenant", &out("av.json"), "-o", &out("red.html")]);
    let html = std::fs::read_to_string(out("red.html")).unwrap();
    let view = &html[html.find("id=\"texte\"").unwrap()..html.find("id=\"cote\"").unwrap()];
    assert!(in_order(view, &["Fait à Montreuil", "Budget prévisionnel", "<del>800</del>"]), "{}", view);
    // The same edit made in the built DOCX, as in Word: the same avenant
    // (the closing and the signatures read where they stand, before it).
    run_ok(&["build", &s, "-o", &out("c.docx")]);
    let built = std::fs::read(out("c.docx")).unwrap();
    let edited = rewrite_document_xml(&built, |x| x.replacen(">800<", ">900<", 1));
    std::fs::write(out("edited.docx"), edited).unwrap();
    run_ok(&["avenant", "draft", &s, &out("edited.docx"), "-o", &out("word.json")]);
    assert_eq!(operations(&std::fs::read_to_string(out("word.json")).unwrap()), ops);
    // The build itself, unedited, has nothing to amend.
    let e = crate::common::refused(
        &["avenant", "draft", &s, &out("c.docx"), "-o", &out("none.json")],
        Path::new(&out("none.json")),
    );
    assert!(e.contains("nothing for an avenant to amend"), "{}", e);
}

#[test]
fn a_division_after_an_annex_that_follows_the_signatures_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let src = imported(dir.path());
    let path = src.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let outline = m["outline"].as_array_mut().unwrap();
    // The annex moved before the last title: that title would follow it.
    let annex = outline.pop().unwrap();
    let at = outline.len() - 1;
    outline.insert(at, annex);
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let out = dir.path().join("c.txt");
    let e = crate::common::refused(&["build", &src.display().to_string(), "-o", &out.display().to_string()], &out);
    assert!(e.contains("follows « annexe-1 », an annex after the signatures"), "{}", e);
    // Marked on a subdivision, where it would not move.
    let mut m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let outline = m["outline"].as_array_mut().unwrap();
    let annex = outline.remove(outline.len() - 2);
    outline.last_mut().unwrap()["children"].as_array_mut().unwrap().push(annex);
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let e = crate::common::refused(&["build", &src.display().to_string(), "-o", &out.display().to_string()], &out);
    assert!(e.contains("division « annexe-1 »: after_signatures is for a division at the top"), "{}", e);
}

#[test]
fn a_published_avenant_s_annex_after_its_signatures_stays_after_them() {
    // The avenant n° 6 to the transporteurs sanitaires' convention, as
    // Légifrance publishes it: signed « Fait à Paris, 26 juillet 2011. » by
    // five organisations, its « Annexe tarifaire » after the signatures.
    let name = "tests/fixtures/corpus/2011-transporteurs-sanitaires-avenant-6.md";
    let text = std::fs::read_to_string(crate::common::root().join(name)).unwrap();
    let imported = clausier::import::import(&text, Path::new(name)).unwrap();
    let doc = assemble(&imported.source, &BuildOptions::default()).unwrap();
    assert_eq!(headings(doc.annexes_after_signatures()), vec!["Annexe tarifaire"]);
    assert!(doc.signatures.len() >= 2, "{:?}", doc.signatures);
    let built = clausier::write::to_text(&doc);
    let last_signatory = inline_text_of(doc.signatures.last().unwrap().lines.first().unwrap());
    assert!(
        in_order(&built, &["Fait à Paris, 26 juillet 2011.", &last_signatory, "\n\nAnnexe tarifaire\n\n"]),
        "{}",
        built
    );
}

fn inline_text_of(v: &[clausier::model::Inline]) -> String {
    clausier::model::inline_text(&clausier::write::typeset(v))
}

#[test]
fn an_annex_added_after_an_annex_that_follows_the_signatures_follows_them_too() {
    let dir = tempfile::tempdir().unwrap();
    let src = imported(dir.path());
    let s = src.display().to_string();
    let out = |n: &str| dir.path().join(n).display().to_string();
    let new = dir.path().join("new");
    copy_dir(&src, &new);
    let path = new.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    m["outline"].as_array_mut().unwrap().push(serde_json::json!({
        "id": "annexe-2", "title": "Calendrier des ateliers", "label": "ANNEXE 2 –",
        "clause": "annexe-2", "after_signatures": true
    }));
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    std::fs::write(new.join("annexe-2.md"), "Les ateliers ont lieu au printemps.\n").unwrap();
    run_ok(&["avenant", "draft", &s, &new.display().to_string(), "-o", &out("av.json")]);
    let ops = operations(&std::fs::read_to_string(out("av.json")).unwrap());
    assert_eq!(
        (ops[0]["op"].as_str(), ops[0]["after"].as_str()),
        (Some("insert_division"), Some("annexe-1")),
        "{}",
        ops
    );
    // Applied, the new annex follows the first one, after the signatures.
    run_ok(&["avenant", "apply", &s, &out("av.json"), "-o", &out("cons")]);
    let cons = model(Path::new(&out("cons")));
    assert_eq!(headings(cons.annexes_after_signatures()), vec![ANNEX, "ANNEXE 2 – Calendrier des ateliers"]);
    // The redline prints it there, inserted.
    run_ok(&["redline", &s, "--avenant", &out("av.json"), "-o", &out("red.docx")]);
    let accepted = crate::common::accept_reject(&std::fs::read(out("red.docx")).unwrap(), true).join("\n");
    assert!(
        in_order(&accepted, &["Claire MARTIN", "Budget prévisionnel", "ANNEXE 2 – Calendrier", "printemps"]),
        "{}",
        accepted
    );
    let rejected = crate::common::accept_reject(&std::fs::read(out("red.docx")).unwrap(), false).join("\n");
    assert!(!rejected.contains("printemps"), "{}", rejected);
}
