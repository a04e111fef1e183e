//! An avenant to several texts: a convention and its cahier des charges,
//! each edited, each with its own change set, drafted as one avenant
//! (« AVENANT N° 3 À LA CONVENTION … ET AU CAHIER DES CHARGES … »). Every
//! citation names its text; each change set, applied to its own source,
//! gives that text as edited.

use crate::common::{clausier, refused};
use clausier::avenant::{self, apply::ApplyOptions, draft::DraftOptions, ops::Style, ChangeSet};
use clausier::render::{assemble, BuildOptions};
use clausier::source::Source;
use std::path::{Path, PathBuf};

/// A text as a legal service holds it: its nature, title, date of
/// signature (if known) and articles (number, title, alinéas).
#[derive(Clone)]
struct Text {
    nature: &'static str,
    title: &'static str,
    signed: Option<&'static str>,
    articles: Vec<(&'static str, &'static str, Vec<String>)>,
}

impl Text {
    fn write(&self, dir: &Path) -> Source {
        std::fs::create_dir_all(dir).unwrap();
        let mut outline = Vec::new();
        for (k, (number, title, alineas)) in self.articles.iter().enumerate() {
            let id = format!("article-{}", number.replace(' ', "-"));
            let expected = if k == 0 { "1er".to_string() } else { (k + 1).to_string() };
            let mut node = serde_json::json!({ "id": id, "title": title, "clause": id });
            if *number != expected {
                node["label"] = serde_json::json!(format!("Article {} –", number));
            }
            std::fs::write(dir.join(format!("{}.md", id)), alineas.join("\n\n") + "\n").unwrap();
            outline.push(node);
        }
        std::fs::write(dir.join("titre.md"), format!("**{}**\n", self.title)).unwrap();
        let mut manifest = serde_json::json!({
            "kind": "convention", "title": self.title, "nature": self.nature,
            "numbering": ["Article {1er} –"], "parts": { "titre": "titre" }, "outline": outline,
            "parties": [
                { "id": "paris", "nom": "la Ville de Paris", "feminin": true, "representant": "la Maire de Paris", "signataire": { "qualite": "La Maire de Paris", "nom": "Anne HIDALGO" }, "deliberation": { "organe": "Conseil de Paris" } },
                { "id": "vitry", "nom": "la Ville de Vitry-sur-Seine", "feminin": true, "representant": "son Maire", "signataire": { "qualite": "Le Maire de Vitry-sur-Seine", "nom": "Pierre BELL-LLOCH" }, "deliberation": { "organe": "conseil municipal" } },
            ],
            "originaux": 2,
        });
        if let Some(d) = self.signed {
            manifest["dates"] = serde_json::json!({ "signature": d });
        }
        std::fs::write(dir.join("manifest.json"), serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
        Source::load(dir).unwrap()
    }

    /// The same text with one article's alinéas rewritten.
    fn with(&self, number: &str, alineas: &[&str]) -> Text {
        let mut t = self.clone();
        let a = t.articles.iter_mut().find(|a| a.0 == number).unwrap();
        a.2 = alineas.iter().map(|s| s.to_string()).collect();
        t
    }

    /// The same text with an article inserted after `after`.
    fn inserting(&self, after: &str, number: &'static str, title: &'static str, alineas: &[&str]) -> Text {
        let mut t = self.clone();
        let k = t.articles.iter().position(|a| a.0 == after).unwrap();
        t.articles.insert(k + 1, (number, title, alineas.iter().map(|s| s.to_string()).collect()));
        t
    }
}

fn v(s: &[&str]) -> Vec<String> {
    s.iter().map(|x| x.to_string()).collect()
}

fn convention() -> Text {
    Text {
        nature: "la convention",
        title: "Convention de partenariat entre la Ville de Paris et la Ville de Vitry-sur-Seine relative à l'observatoire de la qualité de l'air",
        signed: Some("2024-03-12"),
        articles: vec![
            ("1er", "Objet", v(&["La présente convention organise la coopération des parties au sein d'un observatoire commun de la qualité de l'air, dont le cahier des charges est annexé."])),
            ("2", "Comité de suivi", v(&["Un comité de suivi réunit les élus des deux villes.", "Il se réunit une fois par an, au mois de juin."])),
            ("3", "Durée", v(&["La présente convention est conclue pour une durée de trois ans.", "Elle peut être renouvelée par avenant."])),
        ],
    }
}

fn cahier() -> Text {
    Text {
        nature: "le cahier des charges",
        title: "Cahier des charges de l'observatoire commun de la qualité de l'air",
        signed: None,
        articles: vec![
            (
                "1er",
                "Missions",
                v(&[
                    "L'observatoire mesure la qualité de l'air aux abords de l'usine et publie ses mesures.",
                    "Chaque ville désigne un référent technique.",
                ]),
            ),
            (
                "2",
                "Moyens",
                v(&[
                    "La Ville de Paris met à disposition deux capteurs.",
                    "La Ville de Vitry-sur-Seine assure leur maintenance.",
                ]),
            ),
            ("3", "Rapport", v(&["Le référent de la Ville de Paris rédige un rapport annuel."])),
            ("4", "Données", v(&["Les données sont publiées sous licence ouverte."])),
            (
                "5",
                "Financement",
                v(&[
                    "Chaque ville prend en charge ses propres dépenses.",
                    "Aucune contribution financière n'est versée entre les parties.",
                ]),
            ),
        ],
    }
}

/// The two texts, their edited versions, and the drafted change sets, all
/// written in a temporary folder.
struct Case {
    dir: tempfile::TempDir,
    conv: Source,
    cdc: Source,
    conv_new: Source,
    cdc_new: Source,
    a: ChangeSet,
    b: ChangeSet,
}

impl Case {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn s(&self, name: &str) -> String {
        self.path(name).to_str().unwrap().to_string()
    }
    fn write_cs(&self, name: &str, cs: &ChangeSet) -> String {
        std::fs::write(self.path(name), avenant::to_json(cs)).unwrap();
        self.s(name)
    }
}

fn case() -> Case {
    let dir = tempfile::tempdir().unwrap();
    let conv_new = convention().with(
        "3",
        &["La présente convention est conclue pour une durée de cinq ans.", "Elle peut être renouvelée par avenant."],
    );
    let cdc_new = cahier()
        .with(
            "1er",
            &[
                "L'observatoire mesure la qualité de l'air aux abords de l'usine et publie ses mesures.",
                "Chaque ville désigne un correspondant technique.",
            ],
        )
        .with("3", &["Le correspondant de la Ville de Paris rédige un rapport annuel."])
        .with(
            "5",
            &[
                "La Ville de Paris verse à la Ville de Vitry-sur-Seine une contribution annuelle de 12 000 euros.",
                "Cette contribution couvre la maintenance des capteurs et la publication des données.",
            ],
        )
        .inserting("2", "2 bis", "Formation", &["Les agents chargés des mesures suivent une formation commune."]);
    let write = |t: &Text, name: &str| t.write(&dir.path().join(name));
    let (conv, cdc, conv_new, cdc_new) = (
        write(&convention(), "convention"),
        write(&cahier(), "cahier"),
        write(&conv_new, "convention-new"),
        write(&cdc_new, "cahier-new"),
    );
    let draft = |o: &Source, n: &Source, name: &str| {
        let mut cs = avenant::draft::draft(o, n, &DraftOptions { numero: Some(3), base_name: name.into() }).unwrap();
        cs.date = None;
        cs
    };
    // The legal service completes the first change set; the second stays
    // as drafted (its deliberations name the assemblies, no number or date).
    let mut a = draft(&conv, &conv_new, "convention");
    a.date = Some("2027-02-01".into());
    for d in &mut a.deliberations {
        d.numero = Some(format!("2027 {} 12", d.partie.to_uppercase()));
        d.date = Some("2027-01-20".into());
    }
    let b = draft(&cdc, &cdc_new, "cahier");
    assert!(!b.deliberations.is_empty() && b.deliberations != a.deliberations);
    Case { dir, conv, cdc, conv_new, cdc_new, a, b }
}

/// The avenant as a text build prints it, with ordinary spaces.
fn text_of(c: &Case, a: &ChangeSet, b: &ChangeSet) -> String {
    let doc = avenant::document::build_several(&[(&c.conv, a, Path::new("a.json")), (&c.cdc, b, Path::new("b.json"))])
        .unwrap();
    clausier::write::to_text(&doc).replace(['\u{a0}', '\u{202f}'], " ")
}

fn has(text: &str, s: &str) {
    assert!(text.contains(s), "missing « {} » in\n{}", s, text);
}

#[test]
fn each_change_set_applied_to_its_own_source_gives_its_edited_text() {
    let c = case();
    let canon = |s: &Source| clausier::fingerprint::canonical_text(&assemble(s, &BuildOptions::default()).unwrap());
    for (old, cs, new) in [(&c.conv, &c.a, &c.conv_new), (&c.cdc, &c.b, &c.cdc_new)] {
        let applied = avenant::apply::apply(old, cs, Path::new("x.json"), &ApplyOptions::default()).unwrap();
        assert_eq!(canon(&applied), canon(new), "{:#?}", cs.operations);
    }
    // A change set applied to the other text is refused: its base differs.
    assert!(avenant::apply::apply(&c.cdc, &c.a, Path::new("a.json"), &ApplyOptions::default()).is_err());
}

#[test]
fn the_avenant_names_both_texts_and_every_citation_its_text() {
    let c = case();
    let t = text_of(&c, &c.a, &c.b);
    has(&t, "AVENANT N° 3");
    has(&t, "À LA CONVENTION DE PARTENARIAT ENTRE LA VILLE DE PARIS ET LA VILLE DE VITRY-SUR-SEINE RELATIVE À L’OBSERVATOIRE DE LA QUALITÉ DE L’AIR ET AU CAHIER DES CHARGES DE L’OBSERVATOIRE COMMUN DE LA QUALITÉ DE L’AIR");
    // One visa per text, each with its date — a blank where it is unknown.
    has(&t, "Vu la convention de partenariat entre la Ville de Paris et la Ville de Vitry-sur-Seine relative à l’observatoire de la qualité de l’air, signée le 12 mars 2024 ;");
    has(&t, "Vu le cahier des charges de l’observatoire commun de la qualité de l’air, signé le ………………… ;");
    has(&t, "Le présent avenant a pour objet de modifier la convention de partenariat");
    has(&t, "et le cahier des charges de l’observatoire commun de la qualité de l’air.");
    // The citations, each naming its text.
    has(
        &t,
        "Au premier alinéa de l’article 3 de la convention, les mots : « trois ans » sont remplacés par les mots : « cinq ans ».",
    );
    has(
        &t,
        "Dans l’ensemble du cahier des charges, le mot : « référent » est remplacé par le mot : « correspondant ».",
    );
    has(&t, "Après l’article 2 du cahier des charges, il est inséré un article 2 bis ainsi rédigé :");
    has(&t, "L’article 5 du cahier des charges est ainsi rédigé :");
    has(&t, "Modification de l’article 3 de la convention");
    has(&t, "Modifications de vocabulaire du cahier des charges");
    has(&t, "Les autres stipulations de la convention et du cahier des charges demeurent inchangées.");
    // The convention's amendments come first, then the cahier des charges'.
    assert!(
        t.find("article 3 de la convention").unwrap() < t.find("du cahier des charges, il est inséré").unwrap(),
        "{}",
        t
    );
    // Outside the quotations, no sentence cites an article without its text.
    let body = &t[t.find("Il a été convenu").unwrap()..t.find("Les autres stipulations").unwrap()];
    for line in body.lines().filter(|l| !l.trim_start().starts_with('«') && l.contains("article ")) {
        assert!(
            ["de la convention", "du cahier des charges", "dans la convention", "dans le cahier des charges"]
                .iter()
                .any(|t| line.contains(t)),
            "a citation without its text: « {} »\n{}",
            line,
            t
        );
    }
}

#[test]
fn a_single_text_avenant_names_no_text_in_its_citations() {
    let c = case();
    let doc = avenant::document::build(&c.cdc, &c.b, Path::new("b.json")).unwrap();
    let t = clausier::write::to_text(&doc).replace(['\u{a0}', '\u{202f}'], " ");
    has(&t, "L’article 5 est ainsi rédigé :");
    has(&t, "Dans l’ensemble du cahier des charges, le mot");
    has(&t, "Les autres stipulations du cahier des charges demeurent inchangées.");
    assert!(!t.contains("article 5 du cahier des charges"), "{}", t);
}

#[test]
fn the_state_style_names_both_texts_and_lists_the_amendments_by_text() {
    let c = case();
    let mut a = c.a.clone();
    a.style = Style::Etat;
    a.frais = Some("la Ville de Paris".into());
    let t = text_of(&c, &a, &c.b);
    has(&t, "ET AU CAHIER DES CHARGES");
    has(&t, "et le cahier des charges de l’observatoire commun de la qualité de l’air sont modifiés conformément aux dispositions figurant en annexe au présent avenant.");
    let conv = t.find("Modifications de la convention").unwrap_or_else(|| panic!("{}", t));
    let cdc = t.find("Modifications du cahier des charges").unwrap_or_else(|| panic!("{}", t));
    assert!(conv < cdc, "{}", t);
    // Under each text's heading, its articles by their own number; the
    // formulas still name the text.
    assert!(t[conv..cdc].contains("Article 3\n"), "{}", t);
    assert!(t[cdc..].contains("Article 5\n"), "{}", t);
    has(&t, "L’article 5 du cahier des charges est ainsi rédigé :");
}

#[test]
fn a_fact_of_the_avenant_stated_otherwise_in_the_other_change_set_is_refused() {
    let c = case();
    let mut b = c.b.clone();
    b.date = Some("2027-03-01".into());
    let e =
        avenant::document::build_several(&[(&c.conv, &c.a, Path::new("a.json")), (&c.cdc, &b, Path::new("b.json"))])
            .unwrap_err()
            .to_string();
    assert!(e.starts_with("b.json: ") && e.contains("date") && e.contains("a.json"), "{}", e);
    // The same fact repeated is no conflict.
    b.date = c.a.date.clone();
    avenant::document::build_several(&[(&c.conv, &c.a, Path::new("a.json")), (&c.cdc, &b, Path::new("b.json"))])
        .unwrap();
    // Another deliberation number would be lost: refused.
    b.deliberations[0].numero = Some("2027 DU 99".into());
    let e =
        avenant::document::build_several(&[(&c.conv, &c.a, Path::new("a.json")), (&c.cdc, &b, Path::new("b.json"))])
            .unwrap_err()
            .to_string();
    assert!(e.starts_with("b.json: deliberations differs"), "{}", e);
}

#[test]
fn two_texts_of_one_nature_are_refused() {
    let c = case();
    let e = avenant::document::build_several(&[
        (&c.conv, &c.a, Path::new("a.json")),
        (&c.conv, &c.a, Path::new("a2.json")),
    ])
    .unwrap_err()
    .to_string();
    assert!(e.contains("both « la convention »"), "{}", e);
}

#[test]
fn the_command_builds_the_combined_avenant_as_text_and_docx() {
    let c = case();
    let (a, b) = (c.write_cs("a.json", &c.a), c.write_cs("b.json", &c.b));
    let (conv, cdc) = (c.s("convention"), c.s("cahier"));
    let txt = c.s("avenant.txt");
    let r = clausier(&["avenant", "build", &conv, &a, "--and", &cdc, &b, "-o", &txt]);
    let err = String::from_utf8_lossy(&r.stderr).to_string();
    assert!(r.status.success(), "{}", err);
    let t = std::fs::read_to_string(&txt).unwrap().replace(['\u{a0}', '\u{202f}'], " ");
    has(&t, "L’article 5 du cahier des charges est ainsi rédigé :");
    // The cahier des charges' unknown date is a blank and a warning.
    assert!(
        err.contains("the date of signature of « le cahier des charges » (its visa)")
            && err.contains("cahier/manifest.json: dates.signature"),
        "{}",
        err
    );

    let docx = c.s("avenant.docx");
    let r = clausier(&["avenant", "build", &conv, &a, "--and", &cdc, &b, "-o", &docx]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let d = crate::common::docx_text(&std::fs::read(&docx).unwrap()).replace(['\u{a0}', '\u{202f}'], " ");
    for s in [
        "AVENANT N° 3",
        "ET AU CAHIER DES CHARGES",
        "signé le …………………",
        "L’article 5 du cahier des charges est ainsi rédigé :",
        "Les autres stipulations de la convention et du cahier des charges demeurent inchangées.",
    ] {
        has(&d, s);
    }
    // The same inputs, the same bytes.
    let again = c.s("again.docx");
    assert!(clausier(&["avenant", "build", &conv, &a, "--and", &cdc, &b, "-o", &again]).status.success());
    assert_eq!(std::fs::read(&docx).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn the_command_refuses_a_mismatched_numero_or_base_in_one_line() {
    let c = case();
    let (conv, cdc) = (c.s("convention"), c.s("cahier"));
    let a = c.write_cs("a.json", &c.a);
    let out = c.path("avenant.docx");
    let o = out.to_str().unwrap();

    let mut b4 = c.b.clone();
    b4.numero = 4;
    let b4 = c.write_cs("b4.json", &b4);
    let e = refused(&["avenant", "build", &conv, &a, "--and", &cdc, &b4, "-o", o], &out);
    assert!(e.contains("b4.json") && e.contains("a.json") && e.contains("n° 4") && e.contains("n° 3"), "{}", e);

    // The cahier des charges' change set given with the convention.
    let b = c.write_cs("b.json", &c.b);
    let e = refused(&["avenant", "build", &conv, &a, "--and", &conv, &b, "-o", o], &out);
    assert!(e.contains("b.json") && e.contains("citations would be wrong"), "{}", e);

    // --and takes a source and its change set.
    refused(&["avenant", "build", &conv, &a, "--and", &cdc, "-o", o], &out);
}
