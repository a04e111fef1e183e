//! What the councils vote (`dossier`): for each party that deliberates, a
//! projet de délibération in its assembly's own form and the note sent with
//! it, written from the facts; the tableau's rows with their titles; the
//! redline opening on what changes; the @CTES folder, refused by name when a
//! fact is missing. The documents are read back with docx-rs, never with our
//! own writer.

use crate::common::{clausier, copy_source, docx_text, refused, root};
use std::path::{Path, PathBuf};

/// A DOCX's text, spaces and apostrophes as typed (the writer's typography
/// puts non-breaking spaces before « : » and ’ for ').
fn text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {}", path.display(), e));
    docx_text(&bytes).replace('\u{a0}', " ").replace('’', "'")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `dossier` and checks it succeeded; returns its stderr.
fn pack(source: &Path, avenant: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec!["dossier", s(source), s(avenant), "-o", s(out)];
    args.extend(extra);
    let r = clausier(&args);
    let err = String::from_utf8_lossy(&r.stderr).to_string();
    assert!(r.status.success(), "{}", err);
    assert!(!err.contains("panicked"), "{}", err);
    err
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap()
}

fn paris_ivry() -> (PathBuf, PathBuf) {
    (root().join("clauses/paris-ivry"), root().join("examples/avenant-1.json"))
}

#[test]
fn paris_and_ivry_each_deliberate_in_their_assemblys_form() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("pack");
    let (src, a) = paris_ivry();
    pack(&src, &a, &out, &["-q", "--no-pdf"]);
    let paris = text(&out.join("paris/projet-de-deliberation-avenant-1.docx"));
    for want in [
        "CONSEIL DE PARIS",
        "Projet de délibération 2026 SG 123",
        "Séance du 9 décembre 2026",
        "Le Conseil de Paris,",
        "articles L. 2511-2 et L. 2512-1 ;",
        "Vu la convention de coopération entre la Ville de Paris et la Ville d'Ivry-sur-Seine, signée le …………………",
        "par laquelle le Conseil de Paris a approuvé cette convention ;",
        "Vu le projet de délibération en date du …………………, par lequel Madame la Maire de Paris lui propose",
        "Sur le rapport présenté par …………………,",
        "Délibère :",
        "Est approuvé l'avenant n° 1 à la convention de coopération entre la Ville de Paris et la Ville d'Ivry-sur-Seine, dont le texte est annexé à la présente délibération.",
        "Madame la Maire de Paris est autorisée à signer cet avenant.",
    ] {
        assert!(paris.contains(want), "Paris lacks « {} »:\n{}", want, paris);
    }
    // Since 2019 the Conseil de Paris deliberates for the Ville de Paris
    // itself, no longer « siégeant en formation de conseil municipal ».
    assert!(!paris.contains("siégeant") && !paris.contains("L. 2121-29"), "{}", paris);
    // The avenant changes no amount: no budget line.
    assert!(!paris.contains("Article 3") && !paris.contains("imputées"), "{}", paris);

    let ivry = text(&out.join("ivry/projet-de-deliberation-avenant-1.docx"));
    for want in [
        "VILLE D'IVRY-SUR-SEINE",
        "CONSEIL MUNICIPAL",
        "Séance du 17 décembre 2026",
        "Le conseil municipal,",
        "articles L. 2121-29 et L. 2122-21 ;",
        "Sur le rapport de …………………,",
        "Monsieur le Maire d'Ivry-sur-Seine est autorisé à signer cet avenant.",
    ] {
        assert!(ivry.contains(want), "Ivry lacks « {} »:\n{}", want, ivry);
    }
    // Ivry's deliberation number is not known yet: no « n° » with nothing after it.
    assert!(ivry.contains("Projet de délibération\n"), "{}", ivry);

    let m = manifest(&out);
    let parties = m["parties"].as_array().unwrap();
    assert_eq!(parties.len(), 2);
    assert_eq!(parties[0]["forme"], "conseil-de-paris");
    assert_eq!(parties[1]["forme"], "conseil-municipal");
    // Every blank the documents print is named, as `check` names facts.
    let blancs = |k: usize| -> Vec<String> {
        parties[k]["blancs"].as_array().unwrap().iter().map(|b| b.as_str().unwrap().to_string()).collect()
    };
    assert_eq!(blancs(0), ["deliberations[paris].rapporteur", "deliberations[paris].date_projet"]);
    assert_eq!(blancs(1), ["deliberations[ivry].numero", "deliberations[ivry].rapporteur"]);
    // Without PDFs there is no @CTES folder, and the pack says why.
    assert!(parties[0]["actes"].is_null());
    let refus = parties[0]["actes_refus"].to_string();
    assert!(refus.contains("deliberations[paris].acte: not set"), "{}", refus);
    assert!(refus.contains("deliberations[paris].classification: not set"), "{}", refus);
}

#[test]
fn the_note_says_what_changes_one_paragraph_per_change_with_its_title() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("pack");
    let (src, a) = paris_ivry();
    pack(&src, &a, &out, &["-q", "--no-pdf"]);
    let note = text(&out.join("paris/expose-des-motifs-avenant-1.docx"));
    for want in [
        "EXPOSÉ DES MOTIFS",
        "Mesdames, Messieurs,",
        // The convention: parties, date, duration, what it is about.
        "La convention de coopération entre la Ville de Paris et la Ville d'Ivry-sur-Seine, signée le …………………, est conclue pour une durée de deux ans, renouvelable pour deux ans par reconduction tacite.",
        "Ses stipulations portent sur : le préambule ; I. Bilan du protocole signé en 2006 ; II. Axes de coopération",
        // Why: the avenant's own account (its préambule), as no motifs are written.
        "Le comité technique a proposé, et le comité de pilotage a approuvé, un rythme de réunions plus soutenu",
        // One paragraph per change, with the division's title and the sentence as it will read.
        "Mise en place d'un comité technique — second alinéa du ii) du 1. du A du II : « par trimestre » devient « tous les deux mois » ; la phrase se lira : « Le comité technique se réunira en tant que de besoin, au minimum une fois tous les deux mois. »",
        "i) du 3. du A du II : un alinéa est ajouté à la fin : « L'observatoire éco-citoyen rend public chaque année un rapport",
        "Durée de la convention — premier alinéa du IV : « 2 ans » devient « 3 ans » ; la phrase se lira : « La présente convention est conclue pour une durée de 3 ans",
        // What does not change, and the proposal.
        "Les autres stipulations de la convention demeurent inchangées, notamment le préambule",
        "le I (Bilan du protocole signé en 2006) et le III (Pilotage et gestion de la convention et de sa mise en œuvre).",
        "Je vous propose en conséquence d'approuver l'avenant n° 1",
        "et de m'autoriser à le signer.",
        "La Maire de Paris",
    ] {
        assert!(note.contains(want), "the exposé lacks « {} »:\n{}", want, note);
    }
    let changes: Vec<&str> = note.lines().filter(|l| l.contains(" — ") && l.contains(" : ")).collect();
    assert_eq!(changes.len(), 3, "{:?}", changes);

    let ivry = text(&out.join("ivry/note-explicative-de-synthese-avenant-1.docx"));
    for want in [
        "NOTE EXPLICATIVE DE SYNTHÈSE",
        "(article L. 2121-12 du code général des collectivités territoriales)",
        "Le conseil municipal l'a approuvée par la délibération n° ………………… du …………………",
        "Il est proposé au conseil municipal d'approuver l'avenant n° 1",
        "d'autoriser Monsieur le Maire d'Ivry-sur-Seine à le signer.",
    ] {
        assert!(ivry.contains(want), "Ivry's note lacks « {} »:\n{}", want, ivry);
    }
}

#[test]
fn the_tableau_and_the_redline_say_where_each_change_is() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("pack");
    let (src, a) = paris_ivry();
    pack(&src, &a, &out, &["-q", "--no-pdf"]);
    let t = text(&out.join("tableau-comparatif-avenant-1.docx"));
    for want in [
        "Second alinéa du ii) du 1. du A du II — Mise en place d'un comité technique",
        "Premier alinéa du IV — Durée de la convention",
    ] {
        assert!(t.contains(want), "the tableau lacks « {} »:\n{}", want, t);
    }
    // The redline's first page: what it is, what changes and where, how to read it.
    let r = text(&out.join("redline-avenant-1.docx"));
    let first: Vec<&str> = r.lines().take(9).collect();
    let head = first.join("\n");
    assert!(head.contains("Version comparée : la convention avec les modifications de l'avenant n° 1"), "{}", head);
    assert!(
        head.contains("3 modifications : le ii) du 1. du A du II (Mise en place d'un comité technique)")
            && head.contains("et le IV (Durée de la convention)"),
        "{}",
        head
    );
    assert!(head.contains("le reste du texte est inchangé"), "{}", head);
    // The HTML view shows the same lines.
    let html = std::fs::read_to_string(out.join("modifications-avenant-1.html")).unwrap();
    assert!(
        html.contains("Version comparée") && html.contains("Durée de la convention"),
        "the HTML view lacks the summary"
    );
}

/// The passerelle convention, with the Département du Val-de-Marne as third
/// party, amended to state the cost of the study: an avenant drafted as the
/// legal service drafts it, then the séance's facts set for the Département.
fn passerelle(lib: &Path) -> (PathBuf, PathBuf) {
    let old = copy_source("application-passerelle", &lib.join("avant"));
    let new = copy_source("application-passerelle", &lib.join("apres"));
    let f = new.join("financements.md");
    let t = std::fs::read_to_string(&f).unwrap();
    let edited =
        t.replace("La répartition du coût", "Le coût de l'étude est estimé à 120 000 euros. La répartition du coût");
    assert_ne!(t, edited);
    std::fs::write(&f, edited).unwrap();
    let a = lib.join("a.json");
    let r = clausier(&["avenant", "draft", s(&old), s(&new), "-o", s(&a)]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let mut cs: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&a).unwrap()).unwrap();
    for d in cs["deliberations"].as_array_mut().unwrap() {
        if d["partie"] == "val-de-marne" {
            let o = d.as_object_mut().unwrap();
            o.insert("date".into(), "2027-03-20".into());
            o.insert("rapporteur".into(), "Monsieur le Président du Conseil départemental".into());
            o.insert("imputation".into(), "au chapitre 65 du budget départemental".into());
            o.insert("acte".into(), "2027_3_12".into());
            o.insert("classification".into(), "5.7".into());
        }
        if d["partie"] == "ivry" {
            // Its deliberation number, not an acte number @CTES takes.
            d.as_object_mut().unwrap().insert("acte".into(), "2027 DEL 4".into());
        }
    }
    cs["motifs"] = serde_json::json!(["Le coût de l'étude, désormais connu, est inscrit dans la convention."]);
    std::fs::write(&a, serde_json::to_string_pretty(&cs).unwrap()).unwrap();
    (old, a)
}

#[test]
fn a_departement_deliberates_in_its_form_and_names_the_budget_line() {
    let d = tempfile::tempdir().unwrap();
    let (src, a) = passerelle(d.path());
    let out = d.path().join("pack");
    pack(&src, &a, &out, &["-q", "--no-pdf"]);
    let vdm = text(&out.join("val-de-marne/projet-de-deliberation-avenant-1.docx"));
    for want in [
        "DÉPARTEMENT DU VAL-DE-MARNE",
        "Le Conseil départemental,",
        "articles L. 3211-1 et L. 3221-1 ;",
        "Sur le rapport de Monsieur le Président du Conseil départemental,",
        "Monsieur le Président du Conseil départemental du Val-de-Marne est autorisé à signer cet avenant.",
        // The avenant changes an amount: the budget line.
        "Article 3. – Les dépenses et les recettes qui résultent de l'avenant sont imputées comme suit : au chapitre 65 du budget départemental.",
    ] {
        assert!(vdm.contains(want), "the Département lacks « {} »:\n{}", want, vdm);
    }
    let rapport = text(&out.join("val-de-marne/rapport-avenant-1.docx"));
    assert!(rapport.contains("(article L. 3121-19 du code général des collectivités territoriales)"), "{}", rapport);
    assert!(rapport.contains("Le coût de l'étude, désormais connu, est inscrit dans la convention."), "{}", rapport);
    assert!(
        rapport.contains(
            "Financements — article 4 : les mots « Le coût de l'étude est estimé à 120 000 euros. » sont ajoutés"
        ),
        "{}",
        rapport
    );
    // Paris and Ivry print the budget line blank, and say so.
    let m = manifest(&out);
    let parties = m["parties"].as_array().unwrap();
    assert_eq!(parties.len(), 3);
    assert_eq!(parties[2]["forme"], "conseil-departemental");
    assert!(parties[0]["blancs"].to_string().contains("deliberations[paris].imputation"));
    assert!(!parties[2]["blancs"].to_string().contains("imputation"));
    // An acte number @CTES would refuse is refused by name, with its rule.
    let refus = parties[1]["actes_refus"].to_string();
    assert!(refus.contains("deliberations[ivry].acte: « 2027 DEL 4 » is not an acte number @CTES takes"), "{}", refus);
}

#[test]
fn a_party_that_does_not_deliberate_gets_no_deliberation() {
    let d = tempfile::tempdir().unwrap();
    let src = copy_source("paris-ivry", d.path());
    let mpath = src.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&mpath).unwrap()).unwrap();
    m["parties"][1]["delibere"] = false.into();
    std::fs::write(&mpath, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let out = d.path().join("pack");
    pack(&src, &root().join("examples/avenant-1.json"), &out, &["-q", "--no-pdf"]);
    assert!(out.join("paris/projet-de-deliberation-avenant-1.docx").is_file());
    assert!(!out.join("ivry").exists());
    assert_eq!(manifest(&out)["parties"].as_array().unwrap().len(), 1);
}

#[test]
fn a_library_adapts_a_form_with_its_own_template_and_a_broken_one_is_refused_by_name() {
    let d = tempfile::tempdir().unwrap();
    let src = copy_source("paris-ivry", d.path());
    let own = d.path().join("deliberation/conseil-municipal");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::write(
        own.join("deliberation.hbs"),
        "# {{upper collectivite.en_tete}}\n\nLE CONSEIL MUNICIPAL, après en avoir délibéré, APPROUVE {{avenant.le}}.\n",
    )
    .unwrap();
    let a = root().join("examples/avenant-1.json");
    let out = d.path().join("pack");
    pack(&src, &a, &out, &["-q", "--no-pdf"]);
    let ivry = text(&out.join("ivry/projet-de-deliberation-avenant-1.docx"));
    assert!(ivry.contains("LE CONSEIL MUNICIPAL, après en avoir délibéré, APPROUVE l'avenant n° 1"), "{}", ivry);
    // Its own template prints no rapporteur: none is asked for.
    let blancs = manifest(&out)["parties"][1]["blancs"].to_string();
    assert_eq!(blancs, "[]");
    // Paris keeps the shipped form.
    assert!(text(&out.join("paris/projet-de-deliberation-avenant-1.docx")).contains("Le Conseil de Paris,"));

    std::fs::write(own.join("expose.hbs"), "# Note\n\n{{#if objet}}sans fin\n").unwrap();
    let out2 = d.path().join("pack2");
    let e = refused(&["dossier", s(&src), s(&a), "-o", s(&out2), "-q", "--no-pdf"], &out2);
    assert!(e.contains("deliberation/conseil-municipal/expose.hbs"), "{}", e);
}

#[test]
fn the_pack_is_the_same_bytes_from_one_run_to_the_next() {
    let d = tempfile::tempdir().unwrap();
    let (src, a) = paris_ivry();
    let (one, two) = (d.path().join("one"), d.path().join("two"));
    pack(&src, &a, &one, &["-q", "--no-pdf"]);
    pack(&src, &a, &two, &["-q", "--no-pdf"]);
    let m = manifest(&one);
    let mut n = 0;
    for f in m["files"].as_array().unwrap() {
        let name = f["name"].as_str().unwrap();
        assert_eq!(std::fs::read(one.join(name)).unwrap(), std::fs::read(two.join(name)).unwrap(), "{}", name);
        n += 1;
    }
    assert_eq!(std::fs::read(one.join("manifest.json")).unwrap(), std::fs::read(two.join("manifest.json")).unwrap());
    assert!(n >= 9, "{} files", n);
}

/// The whole pack as the councils and the préfecture receive it, PDF/A
/// included (LibreOffice lays it out: skipped where it is not installed,
/// a failure in CI).
#[test]
fn ready_for_actes_every_piece_as_pdf_a() {
    if !crate::common::tools_or_skip(&["soffice"], "write the pack as PDF/A") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let mut cs: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("examples/avenant-1.json")).unwrap()).unwrap();
    let o = cs["deliberations"][0].as_object_mut().unwrap();
    o.insert("acte".into(), "2026SG123".into());
    o.insert("classification".into(), "1.4".into());
    let a = d.path().join("a.json");
    std::fs::write(&a, serde_json::to_string_pretty(&cs).unwrap()).unwrap();
    let out = d.path().join("pack");
    let err = pack(&root().join("clauses/paris-ivry"), &a, &out, &[]);
    // It says per party what it wrote and what is still blank.
    assert!(err.contains("la Ville de Paris : dossier @CTES prêt dans paris/actes/"), "{}", err);
    assert!(
        err.contains("la Ville d'Ivry-sur-Seine : dossier @CTES non écrit — deliberations[ivry].acte: not set"),
        "{}",
        err
    );
    assert!(err.contains("faits encore en blanc — deliberations[paris].rapporteur"), "{}", err);

    let folder = out.join("paris/actes");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("acte.json")).unwrap()).unwrap();
    assert_eq!(meta["nature"]["code"], 1);
    assert_eq!(meta["classification"]["code"], "1.4");
    assert_eq!(meta["numero"], "2026SG123");
    assert_eq!(meta["date_decision"], "2026-12-09");
    let objet = meta["objet"].as_str().unwrap();
    assert!(objet.chars().count() <= 499 && !objet.contains('\n'), "{}", objet);
    assert!(objet.starts_with("Approbation de l'avenant n° 1 à la convention de coopération"), "{}", objet);
    let names: Vec<String> = std::iter::once(meta["acte"].as_str().unwrap().to_string())
        .chain(meta["annexes"].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()))
        .collect();
    assert_eq!(names.len(), 5);
    assert!(
        names[1].contains("avenant")
            && names[2].contains("tableau")
            && names[3].contains("redline")
            && names[4].contains("consolidee"),
        "{:?}",
        names
    );
    let mut total = 0;
    for n in &names {
        assert!(n.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b)), "{}", n);
        let pdf = std::fs::read(folder.join(n)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{}", n);
        let xmp = String::from_utf8_lossy(&pdf);
        assert!(
            xmp.contains("<pdfaid:part>2</pdfaid:part>") && xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
            "{} is not PDF/A-2b",
            n
        );
        total += pdf.len();
    }
    assert!(total < 150 * 1024 * 1024);
    // Every piece the councils receive, as PDF too.
    for f in [
        "avenant-1.pdf",
        "tableau-comparatif-avenant-1.pdf",
        "redline-avenant-1.pdf",
        "convention-consolidee-avenant-1.pdf",
        "paris/expose-des-motifs-avenant-1.pdf",
        "ivry/projet-de-deliberation-avenant-1.pdf",
        "ivry/note-explicative-de-synthese-avenant-1.pdf",
    ] {
        assert!(std::fs::read(out.join(f)).unwrap().starts_with(b"%PDF-"), "{}", f);
    }
    assert!(!out.join("ivry/actes").exists());
}
