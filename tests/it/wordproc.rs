//! The word-processor round trip as people really type (issue 18): the
//! conventions built by clausier, edited in LibreOffice — a division typed
//! as a plain paragraph, the paragraph before a heading deleted with Track
//! Changes on, a heading restyled, the sommaire edited, paragraphs merged
//! and split, articles typed in, Word comments — come back as the avenant a
//! légiste writes, tracked or not, from DOCX and from ODT.
//!
//! The edited files are committed fixtures (`tests/fixtures/wordproc/`,
//! made by its `make.sh` with LibreOffice and `docx_comment.py`), each with
//! LibreOffice's own text of it, every change accepted and every change
//! rejected: what clausier's readers give is checked against another
//! program's reading, not against themselves.

use clausier::avenant::draft::{draft_from, DraftOptions};
use clausier::avenant::ChangeSet;
use clausier::fingerprint::canonical_text;
use clausier::model::Document;
use clausier::read::docx::{DocxText, Options, View};
use clausier::render::{assemble, BuildOptions};
use clausier::source::Source;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    crate::common::root().join("tests/fixtures/wordproc").join(name)
}

fn load(name: &str) -> (Source, Document) {
    let src = Source::load(&crate::common::root().join("clauses").join(name)).unwrap();
    let doc = assemble(&src, &BuildOptions::default()).unwrap();
    (src, doc)
}

fn read(name: &str, view: View) -> DocxText {
    clausier::read::read_document(&std::fs::read(fixture(name)).unwrap(), &Options { view })
        .unwrap_or_else(|e| panic!("{}: {}", name, e))
}

/// Every way a case was saved: with and without Track Changes, DOCX and ODT.
fn variants(case: &str) -> Vec<String> {
    let mut v = Vec::new();
    for mode in ["suivi", "modifie"] {
        for ext in ["docx", "odt"] {
            v.push(format!("{}-{}.{}", case, mode, ext));
        }
    }
    v
}

/// Words as LibreOffice's text export and clausier's reading both give
/// them: lower case, the list bullets LibreOffice prints left out.
fn words(text: &str) -> Vec<String> {
    crate::common::words(&text.replace('•', " "))
}

fn read_words(d: &DocxText) -> Vec<String> {
    let text: Vec<String> = d
        .blocks
        .iter()
        .map(|b| match &b.block {
            clausier::markdown::TextBlock::Alinea { alinea, .. } => alinea.text(),
            clausier::markdown::TextBlock::Heading { inlines, .. } => clausier::model::inline_text(inlines),
            clausier::markdown::TextBlock::Rule { .. } => String::new(),
        })
        .collect();
    words(&text.join("\n"))
}

/// The avenant drafted from a fixture, as `avenant draft` drafts it, with
/// the version read.
fn drafted(base: &str, name: &str) -> (clausier::Result<ChangeSet>, clausier::word::Version, Source, Document) {
    let (src, old) = load(base);
    let v = clausier::word::read_version(&fixture(name), &old, &format!("clauses/{}", base))
        .unwrap_or_else(|e| panic!("{}: {}", name, e));
    let cs = draft_from(&src, &old, &v.doc, &DraftOptions { numero: None, base_name: "old".into() })
        .map_err(|e| v.explain(e));
    (cs, v, src, old)
}

fn applied(src: &Source, old: &Document, cs: &ChangeSet) -> Document {
    let plan = clausier::avenant::apply::resolve(old, cs, &clausier::avenant::apply::patterns_of(src))
        .unwrap_or_else(|e| panic!("{:?}", e));
    clausier::avenant::apply::apply_to_document(old, &plan)
}

/// The operations of a change set: (operation, division or place after which).
fn ops(cs: &ChangeSet) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(&clausier::avenant::to_json(cs)).unwrap();
    json["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let at = o.get("division").or_else(|| o.get("after")).and_then(|v| v.as_str()).unwrap_or("");
            (o["op"].as_str().unwrap().to_string(), at.to_string())
        })
        .collect()
}

fn avenant_text(src: &Source, old: &Document, cs: &ChangeSet) -> String {
    let doc = clausier::avenant::document::build_on(src, old, cs, Path::new("a.json")).unwrap();
    clausier::write::to_text(&doc).replace(['\u{a0}', '\u{202f}'], " ").replace('’', "'")
}

// ---------------------------------------------------------------------------
// The readers read what LibreOffice reads.

#[test]
fn docx_and_odt_read_as_libreoffice_reads_them_both_ways() {
    let mut cases = 0;
    for case in ["ivry-ensemble", "ivry-sommaire", "ivry-niveaux", "ivry-paragraphes", "tam-articles"] {
        for name in variants(case) {
            for (view, what) in [(View::Accept, "accepted"), (View::Reject, "rejected")] {
                let lo = std::fs::read_to_string(fixture(&format!("{}.{}.txt", name, what))).unwrap();
                assert_eq!(read_words(&read(&name, view)), words(&lo), "{} {}", name, what);
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 40);
}

#[test]
fn rejecting_every_change_gives_the_convention_built() {
    // Words and divisions — not styles: LibreOffice restyles the heading
    // after a paragraph deleted with Track Changes on.
    for (case, base) in
        [("ivry-ensemble", "paris-ivry"), ("ivry-paragraphes", "paris-ivry"), ("tam-articles", "application-tam")]
    {
        let (_, old) = load(base);
        for ext in ["docx", "odt"] {
            let name = format!("{}-suivi.{}", case, ext);
            let rejected = clausier::word::document_of(&read(&name, View::Reject), &old, Path::new(&name)).unwrap();
            assert_eq!(canonical_text(&rejected), canonical_text(&old), "{}", name);
            assert_eq!(crate::common::outline(&rejected), crate::common::outline(&old), "{}", name);
        }
    }
}

// ---------------------------------------------------------------------------
// The avenant a légiste writes.

/// Drafts every variant of a case: the same change set from each, whose
/// application gives the edited text; returns it with the avenant's text.
fn same_avenant_from_every_variant(case: &str, base: &str) -> (ChangeSet, String) {
    let mut first: Option<(ChangeSet, String)> = None;
    for name in variants(case) {
        let (cs, v, src, old) = drafted(base, &name);
        let cs = cs.unwrap_or_else(|e| panic!("{}: {}", name, e));
        let back = applied(&src, &old, &cs);
        assert_eq!(canonical_text(&back), canonical_text(&v.doc), "{}: the avenant gives the edited text", name);
        match &first {
            None => first = Some((cs.clone(), avenant_text(&src, &old, &cs))),
            Some((f, _)) => {
                assert_eq!(clausier::avenant::to_json(f), clausier::avenant::to_json(&cs), "{}: the same avenant", name)
            }
        }
    }
    first.unwrap()
}

#[test]
fn a_division_typed_as_a_paragraph_is_inserted_as_a_division() {
    let (cs, text) = same_avenant_from_every_variant("ivry-ensemble", "paris-ivry");
    // The paragraph before heading IV deleted (with Track Changes on, the
    // heading was restyled by LibreOffice), V typed as a plain paragraph,
    // III restyled (no change), the sommaire edited (no change: reported).
    assert_eq!(
        ops(&cs),
        [("delete_alineas".into(), "iii-modification".into()), ("insert_division".into(), "iv".into())]
    );
    assert!(text.contains("Après le IV, il est inséré un V ainsi rédigé :"), "{}", text);
    assert!(text.contains("« V. Évaluation de la convention"), "{}", text);
    // The consolidated source has V as a division.
    let (src, old) = load("paris-ivry");
    let back = applied(&src, &old, &cs);
    let v: Vec<String> = back.divisions.iter().map(|d| d.heading_text()).collect();
    assert_eq!(v.last().unwrap(), "V. Évaluation de la convention");
    assert_eq!(back.divisions.last().unwrap().alineas.len(), 1);
}

#[test]
fn subdivisions_and_articles_typed_in_follow_the_text_s_numbering() {
    let (cs, text) = same_avenant_from_every_variant("ivry-niveaux", "paris-ivry");
    assert_eq!(ops(&cs), [("insert_division".into(), "ii-a-3-ii".into()), ("insert_division".into(), "ii-b-3".into())]);
    assert!(text.contains("Après le ii) du 3. du A du II, il est inséré un iii) ainsi rédigé :"), "{}", text);
    assert!(text.contains("Après le 3. du B du II, il est inséré un 4. ainsi rédigé :"), "{}", text);
    let (cs, text) = same_avenant_from_every_variant("tam-articles", "application-tam");
    assert_eq!(ops(&cs).len(), 2, "{:?}", ops(&cs));
    assert!(text.contains("Après l'article 2, il est inséré un article 2 bis ainsi rédigé :"), "{}", text);
    assert!(text.contains("« Article 2 bis – Calendrier de l'étude"), "{}", text);
    // « Article 10 : » typed, « Article 10 – » as the text numbers its articles.
    assert!(text.contains("Après l'article 9, il est inséré un article 10 ainsi rédigé :"), "{}", text);
    assert!(text.contains("« Article 10 – Évaluation"), "{}", text);
}

#[test]
fn paragraphs_merged_and_split_come_back_both_ways() {
    let (cs, text) = same_avenant_from_every_variant("ivry-paragraphes", "paris-ivry");
    assert_eq!(
        ops(&cs),
        [("replace_division".into(), "iii-communication".into()), ("replace_alinea".into(), "iv".into())]
    );
    assert!(text.contains("Le premier alinéa du IV est remplacé par deux alinéas ainsi rédigés :"), "{}", text);
}

#[test]
fn an_edit_in_the_sommaire_is_reported_never_read_as_text() {
    for name in variants("ivry-sommaire") {
        let (cs, v, _, _) = drafted("paris-ivry", &name);
        let e = cs.unwrap_err().to_string();
        assert!(
            e.contains("nothing for an avenant to amend")
                && e.contains("the sommaire was edited (« IV. DURÉE ET RENOUVELLEMENT DE LA CONVENTION »): it is rebuilt from the headings; change the heading itself"),
            "{}: {}",
            name,
            e
        );
        assert!(v.notes.iter().any(|n| n.contains("the sommaire was edited")), "{}: {:?}", name, v.notes);
    }
    // With other edits, the avenant is drafted and the sommaire reported.
    let (_, v, _, _) = drafted("paris-ivry", "ivry-ensemble-suivi.odt");
    assert!(v.notes.iter().any(|n| n.contains("the sommaire was edited")), "{:?}", v.notes);
}

// ---------------------------------------------------------------------------
// Comments.

#[test]
fn comments_are_listed_with_their_author_and_place() {
    for name in variants("ivry-commentaires") {
        let (cs, v, _, _) = drafted("paris-ivry", &name);
        cs.unwrap_or_else(|e| panic!("{}: {}", name, e));
        let listed: Vec<&String> = v.notes.iter().filter(|n| n.contains(": comment on ")).collect();
        assert_eq!(listed.len(), 3, "{}: {:?}", name, v.notes);
        let want = [
            "on le premier alinéa du 1. du B du II: Direction du Logement (2026-03-10) : « Associer les bailleurs sociaux. »",
            "on le premier alinéa du IV: Conseil municipal d'Ivry-sur-Seine (2026-03-10) : « Prévoir une durée de trois ans ? »",
            "on l’intitulé du V: Service juridique (2026-03-10) : « Un bilan annuel suffit-il ? »",
        ];
        for (l, w) in listed.iter().zip(want) {
            assert!(l.contains(w), "{}: {} lacks {}", name, l, w);
        }
    }
}

#[test]
fn the_tableau_carries_each_comment_in_its_row() {
    for name in variants("ivry-commentaires") {
        let (src, old) = load("paris-ivry");
        let v = clausier::word::read_version(&fixture(&name), &old, "clauses/paris-ivry").unwrap();
        let red = clausier::compare::compare(&old, &v.doc);
        let rows = clausier::write::tableau::rows_observed(&red, Some(&old), &v.observations(&v.doc));
        let at = |citation: &str| rows.iter().find(|r| r.citation == citation).map(|r| r.observations.clone());
        // An unchanged alinéa commented has a row of its own.
        assert_eq!(
            at("Premier alinéa du IV"),
            Some(vec!["Conseil municipal d'Ivry-sur-Seine (2026-03-10) : « Prévoir une durée de trois ans ? »".into()])
        );
        assert_eq!(
            at("Premier alinéa du 1. du B du II"),
            Some(vec!["Direction du Logement (2026-03-10) : « Associer les bailleurs sociaux. »".into()])
        );
        // The division inserted carries the comment on its heading.
        let new = rows.iter().find(|r| r.citation.contains("V. Évaluation de la convention")).unwrap();
        assert_eq!(new.observations, ["Service juridique (2026-03-10) : « Un bilan annuel suffit-il ? »"]);
        // The rows of changes without comments have none.
        let deleted = rows.iter().find(|r| r.citation.contains("Modification de la convention")).unwrap();
        assert!(deleted.observations.is_empty(), "{:?}", deleted);
        let _ = &src;
    }
}

#[test]
fn draft_redline_and_dossier_list_the_comments_and_the_dossier_s_tableau_carries_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = |n: &str| dir.path().join(n).display().to_string();
    for ext in ["docx", "odt"] {
        let edited = fixture(&format!("ivry-commentaires-suivi.{}", ext)).display().to_string();
        for args in [
            vec!["avenant", "draft", "clauses/paris-ivry", &edited, "-o", &out("a.json")],
            vec!["redline", "clauses/paris-ivry", &edited, "--table", "-o", &out("tableau.docx")],
            vec!["dossier", "clauses/paris-ivry", &edited, "-o", &out("dossier"), "-q", "--force"],
        ] {
            let r = crate::common::clausier(&args);
            assert!(r.status.success(), "{:?}: {}", args, String::from_utf8_lossy(&r.stderr));
            let err = String::from_utf8(r.stderr).unwrap();
            assert_eq!(err.matches(": comment on ").count(), 3, "{:?}: {}", args, err);
            assert!(err.contains("Prévoir une durée de trois ans ?"), "{}", err);
        }
        for tableau in [out("tableau.docx"), out("dossier/tableau-comparatif-avenant-1.docx")] {
            let text = crate::common::docx_text(&std::fs::read(&tableau).unwrap()).replace(['\u{a0}', '\u{202f}'], " ");
            for said in
                ["Prévoir une durée de trois ans ?", "Associer les bailleurs sociaux.", "Un bilan annuel suffit-il ?"]
            {
                assert!(text.contains(said), "{}: {}", tableau, text);
            }
        }
        // The dossier's avenant is the one drafted.
        assert_eq!(std::fs::read(out("dossier/avenant-1.json")).unwrap(), std::fs::read(out("a.json")).unwrap());
    }
}

// ---------------------------------------------------------------------------
// Refusals that name the real cause.

#[test]
fn a_document_made_from_another_text_is_refused_as_such_tracked_or_not() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    for name in variants("ivry-ensemble") {
        let e = crate::common::refused(
            &[
                "avenant",
                "draft",
                "clauses/application-tam",
                &fixture(&name).display().to_string(),
                "-o",
                &out.display().to_string(),
            ],
            &out,
        );
        assert!(
            e.contains(&format!(
                "{} was not made from clauses/application-tam: first difference at the title page",
                name
            )),
            "{}",
            e
        );
        assert!(!e.contains("signature blocks changed"), "{}", e);
    }
    // Two conventions d'application of one template: another title, other signatures.
    let tam = fixture("tam.docx").display().to_string();
    let e = crate::common::refused(
        &["avenant", "draft", "clauses/application-passerelle", &tam, "-o", &out.display().to_string()],
        &out,
    );
    assert!(
        e.contains("tam.docx was not made from clauses/application-passerelle: first difference at the title page"),
        "{}",
        e
    );
}

// ---------------------------------------------------------------------------
// Every reader of an edited version reads ODT.

#[test]
fn import_reads_an_odt_as_it_reads_the_docx() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("docx"), dir.path().join("odt"));
    for (f, d) in [("ivry.docx", &a), ("ivry.odt", &b)] {
        let r = crate::common::clausier(&["import", &fixture(f).display().to_string(), "-o", &d.display().to_string()]);
        assert!(r.status.success(), "{}: {}", f, String::from_utf8_lossy(&r.stderr));
    }
    let build = |d: &Path| assemble(&Source::load(d).unwrap(), &BuildOptions::default()).unwrap();
    let (x, y) = (build(&a), build(&b));
    assert_eq!(crate::common::outline(&x), crate::common::outline(&y));
    assert_eq!(canonical_text(&x), canonical_text(&y));
}
