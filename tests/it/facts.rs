//! Facts you can sign on (issue 17): every fact `check` names can be set
//! with `facts --set`, after which `check` passes and the originals print
//! with no blank; `originals` refuses while a fact is missing and `--projet`
//! marks every page; the calendar follows the avenants; the frame fits the
//! kind of text and how it takes effect; every party agrees in gender and
//! only a party that deliberates has a deliberation line.

use crate::common::*;
use clausier::avenant;
use clausier::source::Source;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ok(args: &[&str]) -> String {
    let r = clausier(args);
    assert!(r.status.success(), "{:?}: {}", args, String::from_utf8_lossy(&r.stderr));
    String::from_utf8(r.stdout).unwrap()
}

fn err_of(args: &[&str]) -> String {
    let r = clausier(args);
    assert_eq!(r.status.code(), Some(1), "{:?} should fail", args);
    let e = String::from_utf8(r.stderr).unwrap();
    assert!(!e.contains("panicked"), "{}", e);
    e
}

fn edit(path: &Path, f: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

/// The fact names `check` prints, in order.
fn missing_names(check: &str) -> Vec<String> {
    let re = regex::Regex::new(r"\(([^()]+)\): (?:left blank|unknown)").unwrap();
    check.lines().filter(|l| l.contains("missing:")).filter_map(|l| re.captures(l).map(|c| c[1].to_string())).collect()
}

/// A value a person would type for a fact, by its name.
fn value_for(name: &str) -> &'static str {
    match name {
        "originaux" => "quatre",
        "lieu" => "Paris",
        "variables.cadre.adoption" => "par délibérations du Conseil de Paris des 8 et 9 juillet 2019",
        n if n.ends_with("date") || n.starts_with("dates.") => "10 mars 2026",
        n if n.ends_with("numero") => "2026 DU 45",
        n if n.ends_with("organe") => "conseil municipal",
        n if n.ends_with("representant") => "son Maire",
        n if n.ends_with(".nom") => "Jeanne DURAND",
        n if n.ends_with("qualite") => "La Maire",
        n if n.ends_with("civilite") => "Madame la Maire",
        n => panic!("no value for the fact « {} »", n),
    }
}

/// Sets every fact `check` names (on `args`: the source and perhaps
/// `--avenant A.json`), then checks that nothing is missing any more.
fn fill_every_fact(args: &[&str]) -> Vec<String> {
    let r = clausier(&[&["check"], args].concat());
    assert_eq!(r.status.code(), Some(1), "something is missing to begin with");
    let names = missing_names(&String::from_utf8(r.stdout).unwrap());
    assert!(!names.is_empty());
    let sets: Vec<String> = names.iter().map(|n| format!("{}={}", n, value_for(n))).collect();
    let mut cmd: Vec<&str> = [&["facts"], args].concat();
    for a in &sets {
        cmd.push("--set");
        cmd.push(a);
    }
    let set = ok(&cmd);
    for n in &names {
        assert!(set.contains(&format!("{} = ", n)) && set.contains("saisi"), "{} in {}", n, set);
    }
    let after = ok(&[&["check"], args].concat());
    assert!(!after.contains("missing:") && after.contains("nothing missing"), "{}", after);
    names
}

/// The text of every DOCX in a folder.
fn docx_texts(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
        .map(|p| {
            let t = docx_text(&std::fs::read(&p).unwrap()).replace('\u{a0}', " ");
            (p.file_name().unwrap().to_string_lossy().to_string(), t)
        })
        .collect();
    out.sort();
    out
}

// ---- Facts set without JSON, then signed with no blank --------------------

#[test]
fn every_fact_check_names_can_be_set_after_which_the_originals_print_with_no_blank() {
    let d = tempfile::tempdir().unwrap();
    let src = copy_source("application-tam", &d.path().join("clauses"));
    // Originals are refused while the facts are missing.
    let o = d.path().join("o");
    let e = refused(&["originals", s(&src), "-o", s(&o)], &o);
    assert!(e.contains("--set 'parties[paris].deliberation.numero=…'") && e.contains("--projet"), "{}", e);
    let names = fill_every_fact(&[s(&src)]);
    for n in ["parties[paris].deliberation.numero", "parties[ivry].deliberation.date", "variables.cadre.adoption"] {
        assert!(names.contains(&n.to_string()), "{} in {:?}", n, names);
    }
    ok(&["originals", s(&src), "-o", s(&o)]);
    let texts = docx_texts(&o);
    assert_eq!(texts.len(), 4);
    for (name, t) in texts {
        assert!(!t.contains("……"), "{} has a blank: {}", name, t);
        assert!(t.contains("délibération n° 2026 DU 45 du conseil municipal en date du 10 mars 2026"), "{}", t);
    }
}

#[test]
fn every_fact_of_an_avenant_check_names_can_be_set_and_its_originals_print_with_no_blank() {
    let d = tempfile::tempdir().unwrap();
    let src = copy_source("paris-ivry", &d.path().join("clauses"));
    let a = d.path().join("a.json");
    std::fs::copy(root().join("examples/avenant-1.json"), &a).unwrap();
    let o = d.path().join("o");
    // Refused, each fact named with the command that fills it.
    let e = refused(&["originals", s(&src), "--avenant", s(&a), "-o", s(&o)], &o);
    assert!(
        e.contains(&format!("clausier facts {} --avenant {} --set 'deliberations[ivry].numero=…'", s(&src), s(&a)))
            && e.contains("--set 'dates.signature=…'"),
        "{}",
        e
    );
    let names = fill_every_fact(&[s(&src), "--avenant", s(&a)]);
    assert_eq!(names, ["deliberations[ivry].numero", "dates.signature"]);
    // Each set where it lives: the avenant's deliberation in the change set,
    // the convention's date in its manifest, each with its provenance.
    let cs: Value = serde_json::from_str(&std::fs::read_to_string(&a).unwrap()).unwrap();
    assert_eq!(cs["deliberations"][1]["numero"], "2026 DU 45");
    assert_eq!(cs["provenance"]["deliberations[ivry].numero"]["origine"], "saisi");
    let m: Value = serde_json::from_str(&std::fs::read_to_string(src.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["dates"]["signature"], "2026-03-10");
    ok(&["originals", s(&src), "--avenant", s(&a), "-o", s(&o)]);
    for (name, t) in docx_texts(&o) {
        assert!(!t.contains("……"), "{} has a blank: {}", name, t);
        assert!(t.contains("signée le 10 mars 2026"), "{}", t);
        assert!(zip_part(&std::fs::read(o.join(&name)).unwrap(), "word/header1.xml").is_none(), "no PROJET");
    }
}

#[test]
fn projet_prints_the_originals_with_blanks_marked_on_every_page() {
    let d = tempfile::tempdir().unwrap();
    let o = d.path().join("o");
    ok(&["originals", "--avenant", "examples/avenant-1.json", "-o", s(&o), "--projet"]);
    let m: Value = serde_json::from_str(&std::fs::read_to_string(o.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["projet"], true);
    assert!(std::fs::read_to_string(o.join("manifest.txt")).unwrap().starts_with("PROJET"));
    for k in 1..=4 {
        let bytes = std::fs::read(o.join(format!("avenant-1-original-{}-sur-4.docx", k))).unwrap();
        assert!(zip_part(&bytes, "word/header1.xml").unwrap().contains("PROJET"));
        let doc = zip_part(&bytes, "word/document.xml").unwrap();
        // Every section — the text and its signature page — has the header,
        // its first page too when it has a page of its own.
        let sections: Vec<&str> = doc.split("<w:sectPr>").skip(1).collect();
        assert!(sections.len() >= 2, "the text and the signature page");
        for sec in sections {
            let sec = &sec[..sec.find("</w:sectPr>").unwrap()];
            assert!(sec.contains(r#"<w:headerReference w:type="default" r:id="rIdHeader1"/>"#), "{}", sec);
            if sec.contains("<w:titlePg/>") {
                assert!(sec.contains(r#"<w:headerReference w:type="first" r:id="rIdHeader1"/>"#), "{}", sec);
            }
        }
        assert!(docx_text(&bytes).contains("…………………"), "the blanks are there, in a draft");
    }
}

#[test]
fn projet_shows_on_every_page_of_the_pdf() {
    if !tools_or_skip(&["soffice", "pdftotext"], "print the projet as PDF") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let o = d.path().join("o");
    // The convention, whose title page has a first-page footer of its own.
    ok(&["originals", "-o", s(&o), "--projet", "--pdf", "--copies", "4"]);
    let pdf = o.join("paris-ivry-original-1-sur-4.pdf");
    let r = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8(r.stdout).unwrap();
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() > 10, "{} pages", pages.len());
    for (k, p) in pages.iter().enumerate() {
        assert!(p.contains("PROJET"), "page {} has no PROJET: {}", k + 1, p);
    }
}

// ---- The calendar follows the avenants --------------------------------------

#[test]
fn the_calendar_of_the_consolidated_text_counts_the_term_avenant_1_gives() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("c");
    ok(&["avenant", "apply", "clauses/paris-ivry", "examples/avenant-1.json", "-o", s(&c)]);
    let cal: Value = serde_json::from_str(&ok(&["calendrier", s(&c), "--adoption", "2019-07-11", "--json"])).unwrap();
    assert_eq!(cal["duree_mois"], 36);
    assert_eq!(cal["fin_premiere_periode"]["iso"], "2022-07-10");
    assert_eq!(cal["dernier_jour_preavis"]["iso"], "2022-04-10");
    assert_eq!(cal["fin_reconduction"]["iso"], "2024-07-10");
    // One home: the consolidated clause prints the term from the fact.
    assert!(std::fs::read_to_string(c.join("iv.md")).unwrap().contains("{{duree.initiale}}"));
    let m: Value = serde_json::from_str(&std::fs::read_to_string(c.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["variables"]["duree"]["initiale"], "3 ans");
    assert_eq!(m["provenance"]["variables.duree.initiale"]["origine"], "lu");
    assert!(m["variables"].get("calendrier").is_none());
    let listed = ok(&["facts", s(&c)]);
    assert!(listed.contains("variables.duree.initiale = 3 ans") && listed.contains("lu dans examples/avenant-1.json"));
    // Setting the fact changes the text and the calendar together.
    ok(&["facts", s(&c), "--set", "duree.initiale=quatre ans"]);
    let t = d.path().join("c.txt");
    ok(&["build", s(&c), "-o", s(&t)]);
    assert!(std::fs::read_to_string(&t).unwrap().contains("pour une durée de quatre ans"));
    let cal: Value = serde_json::from_str(&ok(&["calendrier", s(&c), "--adoption", "2019-07-11", "--json"])).unwrap();
    assert_eq!(cal["duree_mois"], 48);
}

/// The example avenant with other operations on the term.
fn avenant_with(dir: &Path, ops: Value) -> PathBuf {
    let p = dir.join(format!("a-{}.json", ops.to_string().len()));
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("examples/avenant-1.json")).unwrap()).unwrap();
    v["operations"] = ops;
    std::fs::write(&p, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    p
}

#[test]
fn an_avenant_that_leaves_a_term_uncountable_is_refused_naming_the_fact() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    // Words the calendar cannot count.
    let a = avenant_with(
        d.path(),
        json!([{ "op": "replace_words", "division": "iv", "alinea": 1, "words": "2 ans", "by": "quelque temps" }]),
    );
    let e = refused(&["avenant", "apply", "clauses/paris-ivry", s(&a), "-o", s(&out)], &out);
    assert!(e.contains("variables.duree.initiale") && e.contains("« quelque temps »"), "{}", e);
    // The sentence rewritten around the term: the new term cannot be told.
    let a = avenant_with(
        d.path(),
        json!([{ "op": "replace_alinea", "division": "iv", "alinea": 1, "text": ["La présente convention court jusqu'à l'achèvement des travaux."] }]),
    );
    let e = refused(&["avenant", "apply", "clauses/paris-ivry", s(&a), "-o", s(&out)], &out);
    assert!(e.contains("variables.duree.initiale (« 2 ans »") && e.contains("replace_words"), "{}", e);
    // Words around the term changed, the term kept: in step, no refusal.
    let a = avenant_with(
        d.path(),
        json!([{ "op": "replace_words", "division": "iv", "alinea": 1, "words": "est conclue", "by": "est passée" }]),
    );
    ok(&["avenant", "apply", "clauses/paris-ivry", s(&a), "-o", s(&out)]);
    let cal: Value = serde_json::from_str(&ok(&["calendrier", s(&out), "--adoption", "2019-07-11", "--json"])).unwrap();
    assert_eq!(cal["duree_mois"], 24);
    // The article deleted: the text states no term any more, and says so.
    let a = avenant_with(d.path(), json!([{ "op": "delete_division", "division": "iv" }]));
    ok(&["avenant", "apply", "clauses/paris-ivry", s(&a), "-o", s(&out), "--force"]);
    let e = err_of(&["calendrier", s(&out), "--adoption", "2019-07-11"]);
    assert!(e.contains("no term the calendar can count") && e.contains("--set duree.initiale="), "{}", e);
}

// ---- Setting facts: what is checked, what is written -------------------------

#[test]
fn a_fact_set_is_checked_and_written_whole_in_place() {
    let d = tempfile::tempdir().unwrap();
    let src = copy_source("paris-ivry", &d.path().join("clauses"));
    let manifest = src.join("manifest.json");
    let before = std::fs::read_to_string(&manifest).unwrap();
    for (set, says) in [
        ("parties[paris].deliberation.nmero=1", "did you mean « parties[paris].deliberation.numero »?"),
        ("parties[pariss].deliberation.numero=1", "did you mean « paris »?"),
        ("dates.signature=31 février 2026", "is not a date"),
        ("originaux=beaucoup", "not a number of originals"),
        ("duree.initiale=longtemps", "not a term the calendar can count"),
        ("parties[paris].genre=neutre", "not a gender"),
        ("date=2026-03-10", "give its change set with --avenant"),
        ("sans-egal", "expected NAME=VALUE"),
    ] {
        let e = err_of(&["facts", s(&src), "--set", "dates.adoption=2027-01-15", "--set", set]);
        assert!(e.contains(says), "{} → {}", set, e);
        assert_eq!(e.trim_end().lines().count(), 1, "{}", e);
        // All or nothing: the first, good, assignment is not written either.
        assert_eq!(std::fs::read_to_string(&manifest).unwrap(), before);
    }
    ok(&["facts", s(&src), "--set", "dates.signature=1er février 2027", "--set", "parties[ivry].genre=m"]);
    let after = std::fs::read_to_string(&manifest).unwrap();
    // The keys keep their order, the new ones where the schema writes them;
    // the old `feminin` goes with the gender set (one home).
    let v: Value = serde_json::from_str(&after).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    let at = |k: &str| keys.iter().position(|x| *x == k).unwrap();
    assert!(at("originaux") < at("dates") && at("dates") < at("variables") && at("outline") < at("provenance"));
    assert_eq!(v["parties"][1]["genre"], "m");
    assert!(v["parties"][1].get("feminin").is_none());
    assert_eq!(v["provenance"]["dates.signature"]["origine"], "saisi");
    // Only lines added or changed: the rest of the file is as it was.
    let old_lines: Vec<&str> = before.lines().collect();
    let diff = similar::TextDiff::from_lines(&before, &after);
    let removed = diff.iter_all_changes().filter(|c| c.tag() == similar::ChangeTag::Delete).count();
    assert!(removed <= 4, "{} lines of {} removed", removed, old_lines.len());
    // The same facts set again give the same bytes.
    ok(&["facts", s(&src), "--set", "dates.signature=2027-02-01", "--set", "parties[ivry].genre=m"]);
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), after);
    // An empty value removes the fact, and its provenance.
    ok(&["facts", s(&src), "--set", "dates.signature="]);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    assert!(v.get("dates").and_then(|d| d.get("signature")).is_none());
    assert!(v["provenance"].get("dates.signature").is_none());
    // The listing as the desk reads it.
    let listed: Value = serde_json::from_str(&ok(&["facts", s(&src), "--json"])).unwrap();
    let fact = listed.as_array().unwrap().iter().find(|f| f["name"] == "parties[ivry].genre").unwrap();
    assert_eq!((fact["value"].as_str(), fact["origin"]["origine"].as_str()), (Some("m"), Some("saisi")));
    let fact = listed.as_array().unwrap().iter().find(|f| f["name"] == "dates.adoption").unwrap();
    assert_eq!(fact["needed_by"], json!(["calendrier"]));
    assert!(fact["value"].is_null() && fact["origin"]["origine"] == "absent");
}

#[test]
fn the_library_sets_and_lists_facts_as_the_desk_calls_it() {
    let d = tempfile::tempdir().unwrap();
    let src = copy_source("paris-ivry", &d.path().join("clauses"));
    let a = d.path().join("a.json");
    std::fs::copy(root().join("examples/avenant-1.json"), &a).unwrap();
    let mut files = clausier::facts::FactFiles::open(&src, Some(&a)).unwrap();
    let f = files.set("signataires[ivry].nom", "Pierre MARTIN").unwrap();
    assert_eq!(f.value.as_deref(), Some("Pierre MARTIN"));
    assert_eq!(f.origin, clausier::facts::Origin::Saisi);
    // The rest of the signatory is the convention's until set.
    let cs = files.changeset().unwrap();
    let s = cs.signataires.iter().find(|s| s.partie == "ivry").unwrap();
    assert_eq!((s.qualite.as_str(), s.nom.as_str()), ("Le Maire d'Ivry-sur-Seine", "Pierre MARTIN"));
    assert!(files.set("objet", "de porter la durée de la convention à trois ans").is_ok());
    let written = files.save().unwrap();
    assert_eq!(written, vec![a.clone()]);
    let listed = clausier::facts::list(&Source::load(&src).unwrap(), Some(&avenant::load(&a).unwrap()));
    let objet = listed.iter().find(|f| f.name == "objet").unwrap();
    assert_eq!(objet.origin, clausier::facts::Origin::Saisi);
    // Every name `check` prints is one the listing has.
    let src = Source::load(&src).unwrap();
    let cs = avenant::load(&a).unwrap();
    for m in clausier::facts::of_avenant(&src, &cs) {
        assert!(listed.iter().any(|f| f.name == m.name() && f.value.is_none()), "{} listed as missing", m.name());
    }
}

// ---- The avenant's objet and place -----------------------------------------

#[test]
fn the_drafted_avenant_says_its_objet_from_its_changes_and_no_place_it_was_not_given() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("c");
    ok(&["avenant", "apply", "clauses/paris-ivry", "examples/avenant-1.json", "-o", s(&c)]);
    let a = d.path().join("a.json");
    ok(&["avenant", "draft", "clauses/paris-ivry", s(&c), "-o", s(&a)]);
    let cs: Value = serde_json::from_str(&std::fs::read_to_string(&a).unwrap()).unwrap();
    assert_eq!(
        cs["objet"],
        "de modifier les stipulations relatives à la mise en place d'un comité technique, de compléter les stipulations du i) du 3. du A du II et de porter la durée de la convention à 3 ans"
    );
    assert_eq!(cs["provenance"]["objet"]["origine"], "redige");
    // The seed states no place: none is invented.
    assert!(cs.get("lieu").is_none());
    let t = d.path().join("a.txt");
    let r = clausier(&["avenant", "build", "clauses/paris-ivry", s(&a), "-o", s(&t)]);
    assert!(r.status.success());
    assert!(String::from_utf8(r.stderr).unwrap().contains("(lieu): left blank"));
    let text = std::fs::read_to_string(&t).unwrap().replace('\u{a0}', " ");
    assert!(text.contains("Le présent avenant a pour objet de modifier les stipulations relatives à la mise en place"));
    assert!(text.contains("Fait à …………………, le") && !text.contains("Fait à Paris"), "{}", text);
    // The legal service's own objet replaces it.
    ok(&["facts", "clauses/paris-ivry", "--avenant", s(&a), "--set", "objet=de prolonger la convention"]);
    ok(&["avenant", "build", "clauses/paris-ivry", s(&a), "-o", s(&t)]);
    assert!(std::fs::read_to_string(&t).unwrap().contains("a pour objet de prolonger la convention."));
}

// ---- Gender and deliberations, for every party ------------------------------

#[test]
fn every_party_agrees_in_gender_and_only_a_party_that_deliberates_has_a_deliberation() {
    let d = tempfile::tempdir().unwrap();
    let lib = d.path().join("clauses");
    let src = copy_source("application-tam", &lib);
    edit(&src.join("manifest.json"), |m| {
        m["parties"] = json!([
            { "id": "nantes", "nom": "la Ville de Nantes", "representant": "sa Maire",
              "signataire": { "qualite": "La Maire de Nantes", "nom": "Johanna ROLLAND" } },
            { "id": "dep", "nom": "le Département du Val-de-Marne", "representant": "son Président",
              "signataire": { "qualite": "Le Président", "nom": "Olivier CAPITANIO" } },
            { "id": "asso", "nom": "l’Association « Pays de la Loire Cameroun »", "representant": "sa Présidente",
              "designation": "l’Association",
              "signataire": { "qualite": "La Présidente", "nom": "Marie DUPONT" } }
        ]);
        m["variables"]["objet"] = json!("coopération");
    });
    std::fs::write(src.join("objet.md"), "La présente convention a pour objet une coopération.\n").unwrap();
    let t = d.path().join("t.txt");
    ok(&["build", s(&src), "-o", s(&t)]);
    let text = std::fs::read_to_string(&t).unwrap().replace('\u{a0}', " ").replace('’', "'");
    let para = |start: &str| {
        text.lines().find(|l| l.starts_with(start)).unwrap_or_else(|| panic!("{} in {}", start, text)).to_string()
    };
    para("La Ville de Nantes, représentée par sa Maire, agissant en vertu de la délibération");
    assert!(text.contains("ci-après dénommée « la Ville de Nantes »"), "{}", text);
    para("Le Département du Val-de-Marne, représenté par son Président, agissant");
    assert!(text.contains("ci-après dénommé « le Département du Val-de-Marne »"), "{}", text);
    let asso = para("L'Association « Pays de la Loire Cameroun », représentée par sa Présidente");
    assert!(!asso.contains("délibération"), "{}", asso);
    assert!(text.contains("ci-après dénommée « l'Association »"), "{}", text);
    // check and facts ask no deliberation of the association.
    let check = String::from_utf8(clausier(&["check", s(&src)]).stdout).unwrap();
    assert!(
        check.contains("parties[dep].deliberation.numero") && !check.contains("parties[asso].deliberation"),
        "{}",
        check
    );
    let listed = ok(&["facts", s(&src)]);
    assert!(listed.contains("parties[nantes].deliberation.numero") && !listed.contains("parties[asso].deliberation"));
    assert!(listed.contains("parties[asso].delibere = non"), "{}", listed);
    // `list` agrees too.
    let list = ok(&["list", "--library", s(&lib)]);
    assert!(list.contains("le Département du Val-de-Marne, représenté par son Président"), "{}", list);
    assert!(list.contains("la Ville de Nantes, représentée par sa Maire"), "{}", list);
}

// ---- The frame fits the kind of text ---------------------------------------

/// A small text of `nature`, with `approbation` and `parties`, written as a
/// source; and the avenant that changes its second article.
fn text_and_avenant(dir: &Path, extra: Value) -> (Source, avenant::ChangeSet) {
    let src = dir.join("texte");
    std::fs::create_dir_all(&src).unwrap();
    let mut m = json!({
        "kind": "convention",
        "title": "Texte",
        "numbering": ["Article {1er} –"],
        "outline": [
            { "id": "a1", "title": "Objet", "clause": "a1" },
            { "id": "a2", "title": "Communication", "clause": "a2" },
            { "id": "a3", "title": "Durée", "clause": "a3" }
        ]
    });
    for (k, v) in extra.as_object().unwrap() {
        m[k] = v.clone();
    }
    std::fs::write(src.join("manifest.json"), serde_json::to_string_pretty(&m).unwrap()).unwrap();
    std::fs::write(src.join("a1.md"), "Le texte règle une coopération.\n").unwrap();
    std::fs::write(src.join("a2.md"), "Les parties publient un rapport par an.\n").unwrap();
    std::fs::write(src.join("a3.md"), "Le texte court pour deux ans.\n").unwrap();
    let old = Source::load(&src).unwrap();
    let mut new = old.clone();
    new.clauses.get_mut("a2").unwrap().text = "Les parties publient un rapport par semestre.\n".into();
    let cs =
        avenant::draft::draft(&old, &new, &avenant::draft::DraftOptions { numero: None, base_name: "texte".into() })
            .unwrap();
    (old, cs)
}

fn avenant_text(src: &Source, cs: &avenant::ChangeSet) -> String {
    let doc = avenant::document::build(src, cs, Path::new("a.json")).unwrap();
    clausier::write::to_text(&doc).replace('\u{a0}', " ")
}

fn two_parties() -> Value {
    json!([
        { "id": "etat", "nom": "l’État", "representant": "le ministre", "signataire": { "qualite": "Le ministre", "nom": "X" } },
        { "id": "uncam", "nom": "l’Union nationale des caisses d’assurance maladie", "representant": "son directeur",
          "signataire": { "qualite": "Le directeur", "nom": "Y" } }
    ])
}

#[test]
fn a_convention_signed_by_its_parties_takes_effect_at_its_signature() {
    let d = tempfile::tempdir().unwrap();
    let (src, cs) = text_and_avenant(
        d.path(),
        json!({ "nature": "la convention", "title": "Convention de partenariat", "parties": two_parties(),
                "dates": { "signature": "2020-05-04" } }),
    );
    let t = avenant_text(&src, &cs);
    assert!(t.contains("Vu la convention de partenariat, signée le 4 mai 2020 ;"), "{}", t);
    assert!(t.contains("entre en vigueur à compter de sa signature par l’ensemble des parties"), "{}", t);
    // Neither the State nor the fund deliberates: no deliberation line, none asked.
    assert!(t.contains("L’État, représenté par le ministre,") && !t.contains("agissant en vertu"), "{}", t);
    assert!(clausier::facts::of_avenant(&src, &cs).iter().all(|m| !m.name().starts_with("deliberations[")));
}

#[test]
fn a_convention_approved_by_arrete_takes_effect_with_its_approval() {
    let d = tempfile::tempdir().unwrap();
    let (src, cs) = text_and_avenant(
        d.path(),
        json!({ "nature": "la convention", "title": "Convention nationale des orthoptistes", "parties": two_parties(),
                "dates": { "signature": "1999-04-19" },
                "approbation": { "acte": "arrêté", "date": "1999-08-05" } }),
    );
    let t = avenant_text(&src, &cs);
    assert!(
        t.contains("Vu la convention nationale des orthoptistes, signée le 19 avril 1999 et approuvée par arrêté du 5 août 1999 ;"),
        "{}",
        t
    );
    assert!(
        t.contains("Le présent avenant entre en vigueur à la date de publication de l’arrêté portant son approbation."),
        "{}",
        t
    );
    assert!(!t.contains("à compter de sa signature"), "{}", t);
}

#[test]
fn statuts_have_no_parties_and_are_modified_by_their_assembly() {
    let d = tempfile::tempdir().unwrap();
    let (src, cs) = text_and_avenant(
        d.path(),
        json!({ "nature": "les statuts", "title": "Statuts du syndicat intercommunal de la Vallée",
                "approbation": { "acte": "délibération", "organe": "comité syndical", "date": "2015-03-02" } }),
    );
    let t = avenant_text(&src, &cs);
    assert!(!t.contains("ENTRE") && !t.contains("d’une part") && !t.contains("Pour "), "{}", t);
    assert!(t.contains("Vu les statuts du syndicat intercommunal de la Vallée, adoptés par délibération du comité syndical du 2 mars 2015 ;"), "{}", t);
    assert!(!t.contains("signés le") && !t.contains("signé le"), "{}", t);
    assert!(t.contains("Les statuts du syndicat intercommunal de la Vallée sont modifiés ainsi qu’il suit :"), "{}", t);
    assert!(t.contains("Adopté par le comité syndical le …………………."), "{}", t);
    assert!(!t.contains("exemplaires originaux"), "{}", t);
    // check asks no date of signature, no deliberation of a party, no signatory.
    let missing: Vec<String> = clausier::facts::of_avenant(&src, &cs).iter().map(|m| m.name().to_string()).collect();
    assert_eq!(missing, ["date"]);
}

#[test]
fn a_cahier_des_charges_annexed_to_a_decret_is_cited_by_its_decret() {
    let d = tempfile::tempdir().unwrap();
    let (src, cs) = text_and_avenant(
        d.path(),
        json!({ "nature": "le cahier des charges", "title": "Cahier des charges type pour la concession de transport de gaz",
                "approbation": { "acte": "décret", "annexe": true, "numero": "52-77", "date": "1952-01-15" } }),
    );
    let t = avenant_text(&src, &cs);
    assert!(t.contains("Vu le cahier des charges type pour la concession de transport de gaz annexé au décret n° 52-77 du 15 janvier 1952 ;"), "{}", t);
    assert!(!t.contains("signé le"), "{}", t);
    assert!(t.contains("à la date de publication du décret portant son approbation"), "{}", t);
    assert!(!clausier::facts::of_avenant(&src, &cs).iter().any(|m| m.name() == "dates.signature"));
}

#[test]
fn an_avenant_to_an_avenant_names_both() {
    let d = tempfile::tempdir().unwrap();
    let (src, cs) = text_and_avenant(
        d.path(),
        json!({ "nature": "l’avenant", "title": "AVENANT N° IV À LA CONVENTION NATIONALE DES ORTHOPTISTES",
                "parties": two_parties(), "dates": { "signature": "2011-01-27" } }),
    );
    let t = avenant_text(&src, &cs);
    assert!(t.contains("À L’AVENANT N° IV"), "{}", t);
    assert!(
        t.contains("Vu l’avenant n° IV à la convention nationale des orthoptistes, signé le 27 janvier 2011 ;"),
        "{}",
        t
    );
    assert!(t.contains("de l’article 2 de l’avenant n° IV"), "{}", t);
}

// ---- Imported texts: no number of originals invented ------------------------

#[test]
fn an_imported_text_that_states_no_number_of_originals_has_none() {
    let d = tempfile::tempdir().unwrap();
    let text = d.path().join("c.md");
    std::fs::write(
        &text,
        "CONVENTION DE PARTENARIAT\n\nEntre :\n\nLa Commune de Gentilly, représentée par son Maire,\n\nci-après dénommée « la Commune »,\n\nd'une part,\n\nEt\n\nL'Association Les Amis du Parc, représentée par sa Présidente,\n\nd'autre part,\n\nIl a été convenu ce qui suit :\n\nARTICLE 1 : OBJET\n\nLa présente convention règle l'entretien du parc.\n\nARTICLE 2 : DURÉE\n\nLa présente convention est conclue pour un an.\n\nFait à Gentilly, le 3 mars 2020.\n",
    )
    .unwrap();
    let src = d.path().join("src");
    let r = clausier(&["import", s(&text), "-o", s(&src)]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let m: Value = serde_json::from_str(&std::fs::read_to_string(src.join("manifest.json")).unwrap()).unwrap();
    assert!(m.get("originaux").is_none(), "no silent number: {}", m);
    let r = clausier(&["check", s(&src)]);
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8(r.stdout).unwrap().contains("(originaux): unknown, needed to sign"));
    let o = d.path().join("o");
    let e = refused(&["originals", s(&src), "-o", s(&o)], &o);
    assert!(e.contains("--set 'originaux=…'"), "{}", e);
    ok(&["facts", s(&src), "--set", "originaux=2"]);
    ok(&["originals", s(&src), "-o", s(&o)]);
    assert!(o.join("src-original-2-sur-2.docx").is_file());
}

// ---- Invariants and hostile input -------------------------------------------

/// A count in French words, as a légiste writes it (1 to 99).
fn in_words(n: u32) -> String {
    const UNITS: [&str; 17] = [
        "", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize",
        "quatorze", "quinze", "seize",
    ];
    const TENS: [&str; 7] = ["", "dix", "vingt", "trente", "quarante", "cinquante", "soixante"];
    match n {
        0..=16 => UNITS[n as usize].to_string(),
        17..=19 => format!("dix-{}", UNITS[(n - 10) as usize]),
        20..=69 => match n % 10 {
            0 => TENS[(n / 10) as usize].to_string(),
            1 => format!("{} et un", TENS[(n / 10) as usize]),
            u => format!("{}-{}", TENS[(n / 10) as usize], UNITS[u as usize]),
        },
        70..=79 => format!("soixante{}{}", if n == 71 { " et " } else { "-" }, in_words(n - 60)),
        80 => "quatre-vingts".into(),
        _ => format!("quatre-vingt-{}", in_words(n - 80)),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Whatever term an avenant writes in place of « 2 ans », in figures or
    /// in words, in years or months, the consolidated text prints it from
    /// the fact, and the calendar counts exactly it.
    #[test]
    fn the_term_an_avenant_writes_is_the_term_the_calendar_counts(n in 1u32..=99, words: bool, months: bool) {
        let src = Source::load(&library_source()).unwrap();
        let path = root().join("examples/avenant-1.json");
        let mut cs = avenant::load(&path).unwrap();
        let by = format!("{} {}", if words { in_words(n) } else { n.to_string() }, if months { "mois" } else if n == 1 { "an" } else { "ans" });
        cs.operations = serde_json::from_value(json!([
            { "op": "replace_words", "division": "iv", "alinea": 1, "words": "2 ans", "by": by }
        ])).unwrap();
        let applied = avenant::apply::apply(&src, &cs, &path, &Default::default());
        if months && n < 3 {
            // Shorter than the three months' notice: no calendar, refused by name.
            let e = applied.err().unwrap().to_string();
            proptest::prop_assert!(e.contains("variables.duree.preavis") && e.contains("longer than the term"), "{}", e);
            return Ok(());
        }
        let mut out = applied.unwrap();
        proptest::prop_assert!(out.clauses["iv"].text.contains("{{duree.initiale}}"));
        let doc = clausier::render::assemble(&out, &Default::default()).unwrap();
        let iv = doc.find("iv").unwrap().alineas[0].text();
        proptest::prop_assert!(iv.contains(&format!("durée de {} à compter", by)), "{}", iv);
        out.manifest.dates.insert("adoption".into(), json!("2020-01-01"));
        let cal = clausier::calendar::Calendar::from_manifest(&out.manifest).unwrap().unwrap().to_json();
        proptest::prop_assert_eq!(cal["duree_mois"].as_u64(), Some(u64::from(if months { n } else { n * 12 })));
    }
}

#[test]
fn hostile_names_and_values_get_one_line() {
    let d = tempfile::tempdir().unwrap();
    let src = copy_source("paris-ivry", &d.path().join("clauses"));
    let long = format!("parties[paris].{}=1", "x".repeat(100_000));
    for set in [
        long.as_str(),
        "parties[=1",
        "parties[paris=1",
        ".=1",
        "parties[paris].deliberation.numero=a\u{7}b",
        "dates..signature=1",
    ] {
        let e = err_of(&["facts", s(&src), "--set", set]);
        assert_eq!(e.trim_end().lines().count(), 1, "{}", e);
        assert!(e.len() < 2000, "a short line: {} bytes", e.len());
    }
}
