//! Import measured on real texts (the Journal officiel corpus, copied into
//! `tests/fixtures/corpus/`) and on synthetic texts of other shapes: for
//! each, the outline expected from reading it (labels and nesting), the
//! facts it states, every word kept in order, every table cell in its column.
//! Then the hostile inputs of the importer, kept as regression tests.

use crate::common::*;
use clausier::import::Imported;
use clausier::model::{inline_text, AlineaKind, Division, Document};
use clausier::render::BuildOptions;
use std::path::Path;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures").join(name)).unwrap()
}

fn import(name: &str) -> (Imported, Document) {
    let text = fixture(name);
    let imported = clausier::import::import(&text, Path::new(name)).unwrap();
    let doc = clausier::render::assemble(&imported.source, &BuildOptions::default()).unwrap();
    (imported, doc)
}

/// The outline as a reader writes it down: one line per division, indented
/// by depth, its label (or its title when it has none).
fn expected(s: &str) -> String {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.strip_prefix("        ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text as written, without the corpus's `<!-- source -->` line (not
/// the convention's words).
fn reference(text: &str) -> String {
    let re = regex::Regex::new(r"(?s)<!--.*?-->").unwrap();
    re.replace_all(text, " ").to_string()
}

/// The document's words in reading order: the model's, part by part.
/// Writers lay the signature blocks side by side (a table, read row by row);
/// a text gives the blocks one after the other, and its annexes after the
/// signatures (where writers print those the import marks so, but not an
/// annex some texts give with no closing before it). Both are read here
/// as the text gives them (the writers' layout is theirs).
fn reading(doc: &Document) -> String {
    let mut d = doc.clone();
    // The page numbers a sommaire states are kept in the model, but printed
    // only by a laid-out document: read them where the text has them.
    fn pages(ds: &mut [Division]) {
        for d in ds {
            if let Some(p) = d.toc.page.clone() {
                let mut w = d.toc.wording.clone().unwrap_or_else(|| d.title.clone());
                w.push(clausier::model::Inline::plain(format!(" {}", p)));
                d.toc.wording = Some(w);
            }
            pages(&mut d.children);
        }
    }
    pages(&mut d.divisions);
    let blocks = std::mem::take(&mut d.signatures);
    let is_annex = |x: &Division| x.heading_text().to_lowercase().starts_with("annexe");
    // The annexes' text goes after the signatures; their headings stay in
    // place, where the sommaire lists them.
    let annexes: Vec<Division> = d.divisions.iter().filter(|x| is_annex(x)).cloned().collect();
    for x in d.divisions.iter_mut().filter(|x| is_annex(x)) {
        x.alineas.clear();
        x.children.clear();
    }
    let mut t = clausier::write::to_text(&d);
    for b in blocks {
        for l in b.lines {
            t.push_str(&inline_text(&l));
            t.push('\n');
        }
    }
    let only_annexes = Document { divisions: annexes, ..Default::default() };
    t.push_str(&clausier::write::to_text(&only_annexes));
    t
}

/// The text with each article's title set after its label, as the build
/// prints it (« Art. 1er - Services concédé. »), where the text sets it on
/// the line above (« Services concédé. » / « Art. 1er - Le présent… »).
fn titles_after_labels(text: &str, doc: &Document) -> String {
    let mut t = text.to_string();
    for d in doc.all_divisions() {
        let (Some(label), false) = (&d.label, d.title.is_empty()) else { continue };
        let title = inline_text(&d.title);
        let re = regex::Regex::new(&format!(r"{}\n\n((?:[. ]+\n\n)?){}", regex::escape(&title), regex::escape(label)))
            .unwrap();
        t = re.replace(&t, |c: &regex::Captures| format!("{}{} {}", &c[1], label, title)).to_string();
    }
    t
}

/// Every word of the text, in reading order, but the export's page title
/// (`export_heading`).
fn keeps_every_word(name: &str, doc: &Document) {
    keeps_every_word_of(&reference(&fixture(name)), doc);
}

/// Every word of `reference`, in reading order, but the export's page title.
fn keeps_every_word_of(reference: &str, doc: &Document) {
    let reference = without_emphasis_marks(reference);
    let heading = export_heading(&reference);
    let in_heading = |run: &str| !heading.is_empty() && heading.contains(run);
    assert_keeps_every_word_but(&reference, &reading(doc), "the export's page title", &in_heading);
}

fn title_of(doc: &Document, label: &str) -> String {
    let d = doc
        .all_divisions()
        .into_iter()
        .find(|d| d.label.as_deref() == Some(label) || inline_text(&d.title) == label)
        .unwrap_or_else(|| panic!("no division {}", label));
    inline_text(&d.title)
}

/// Every table of the document, as rows of cell texts (white space folded).
fn tables(doc: &Document) -> Vec<Vec<Vec<String>>> {
    let fold = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    let mut take = |alineas: &[clausier::model::Alinea]| {
        for a in alineas {
            if let AlineaKind::Table { rows, .. } = &a.kind {
                out.push(rows.iter().map(|r| r.iter().map(|c| fold(inline_text(c))).collect()).collect());
            }
        }
    };
    take(&doc.front_alineas().cloned().collect::<Vec<_>>());
    for d in doc.all_divisions() {
        take(&d.alineas);
    }
    out
}

fn part_alineas(src: &clausier::source::Source, part: &str) -> Vec<String> {
    let id = src.manifest.parts.get(part).and_then(|v| v.as_str()).unwrap_or_else(|| panic!("no part {}", part));
    clausier::markdown::parse(&src.clauses[id].text)
        .into_iter()
        .filter_map(|b| match b {
            clausier::markdown::TextBlock::Alinea { alinea, .. } => Some(alinea.text()),
            _ => None,
        })
        .collect()
}

fn party<'a>(src: &'a clausier::source::Source, nom: &str) -> &'a clausier::source::Party {
    src.manifest.parties.iter().find(|p| p.nom == nom).unwrap_or_else(|| {
        panic!("no party {} in {:?}", nom, src.manifest.parties.iter().map(|p| &p.nom).collect::<Vec<_>>())
    })
}

// ---------------------------------------------------------------- corpus

#[test]
fn orthoptistes_avenant_8() {
    let name = "corpus/2011-orthoptistes-avenant-8.md";
    let (imp, doc) = import(name);
    // The paragraph after « Il a été convenu ce qui suit : » and before the
    // article is the préambule, which the text does not title.
    assert_eq!(outline(&doc), expected("(sans titre)\nArticle unique"));
    let m = &imp.source.manifest;
    assert_eq!(m.title, "AVENANT N° 8 À LA CONVENTION NATIONALE DESTINÉE À ORGANISER LES RAPPORTS ENTRE LES ORTHOPTISTES ET L'ASSURANCE MALADIE");
    assert_eq!(m.nature.as_deref(), Some("l’avenant"));
    assert_eq!(m.parties.len(), 3);
    let uncam = party(&imp.source, "l'Union nationale des caisses d'assurance maladie");
    assert_eq!(uncam.representant, "Frédéric Van Roekeghem, directeur général");
    assert_eq!(uncam.signataire.nom, "F. Van Roekeghem");
    assert_eq!(uncam.signataire.qualite, "Le président de l'Union nationale des caisses d'assurance maladie");
    assert_eq!(party(&imp.source, "le Syndicat national autonome des orthoptistes").signataire.nom, "L. Milstayn");
    assert_eq!(party(&imp.source, "le Syndicat des orthoptistes de France").signataire.nom, "N. Jeanrot");
    assert_eq!(m.lieu.as_deref(), Some("Paris"));
    assert_eq!(m.dates.get("signature").and_then(|d| d.as_str()), Some("2011-01-27"));
    assert_eq!(m.originaux, None);
    assert_eq!(m.visas.len(), 3);
    assert!(imp.missing.contains(&"the number of originals".to_string()), "{:?}", imp.missing);
    // The UNCAM and two unions act by no assembly's vote: no deliberation is wanting.
    assert!(!imp.missing.iter().any(|m| m.contains("deliberation")), "{:?}", imp.missing);
    // The parts, each in its place.
    assert_eq!(part_alineas(&imp.source, "titre").len(), 2);
    assert_eq!(part_alineas(&imp.source, "visas").last().map(String::as_str), Some("Il a été convenu ce qui suit :"));
    assert_eq!(part_alineas(&imp.source, "cloture"), vec!["Fait à Paris, le 27 janvier 2011."]);
    assert_eq!(doc.signatures.len(), 3);
    assert_eq!(inline_text(&doc.signatures[2].lines[2]), "N. Jeanrot");
    keeps_every_word(name, &doc);
}

#[test]
fn transporteurs_sanitaires_avenant_6() {
    let name = "corpus/2011-transporteurs-sanitaires-avenant-6.md";
    let (imp, doc) = import(name);
    assert_eq!(
        outline(&doc),
        expected(
            "
        Préambule
        Article 1er
        Article 2
        Article 3
        Article 4
        Annexe tarifaire"
        )
    );
    // A title on two lines is one title.
    assert_eq!(
        title_of(&doc, "Article 2"),
        "Créer les conditions d'amélioration de la productivité des entreprises de transports sanitaires"
    );
    let m = &imp.source.manifest;
    assert_eq!(m.nature.as_deref(), Some("l’avenant"));
    assert_eq!(
        m.intitule.as_deref(),
        Some("avenant n° 6 à la convention nationale des transporteurs sanitaires privés")
    );
    assert_eq!(m.parties.len(), 5);
    let uncam = party(&imp.source, "l'Union nationale des caisses d'assurance maladie (UNCAM)");
    assert_eq!(uncam.id, "uncam");
    assert_eq!(uncam.representant, "M. Frédéric van Roekeghem, son directeur général");
    assert_eq!(
        (uncam.signataire.qualite.as_str(), uncam.signataire.nom.as_str()),
        ("Le directeur général", "F. van Roekeghem")
    );
    let fnts = party(&imp.source, "la Fédération nationale des transporteurs sanitaires");
    assert_eq!(fnts.signataire.nom, "T. Schifano");
    // The blocks are signed in another order than the parties are listed.
    assert_eq!(m.signature_order.last(), Some(&fnts.id));
    assert_eq!(m.dates.get("signature").and_then(|d| d.as_str()), Some("2011-07-26"));
    assert_eq!(m.lieu.as_deref(), Some("Paris"));
    assert_eq!(m.visas.len(), 2);
    assert_eq!(doc.signatures.len(), 5);
    keeps_every_word(name, &doc);
}

#[test]
fn unedic_convention_2009() {
    let name = "corpus/2009-unedic-convention-19-fevrier-2009.md";
    let (imp, doc) = import(name);
    let articles = std::iter::once("Article 1er".to_string())
        .chain((2..=11).map(|n| format!("Article {}", n)))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(outline(&doc), articles);
    assert_eq!(title_of(&doc, "Article 3"), "Contributions/Ressources");
    let m = &imp.source.manifest;
    assert_eq!(m.title, "CONVENTION DU 19 FÉVRIER 2009 RELATIVE À L’INDEMNISATION DU CHÔMAGE");
    assert_eq!(m.nature.as_deref(), Some("la convention"));
    let ids: Vec<&str> = m.parties.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, vec!["medef", "cgpme", "upa", "cfdt", "cftc", "cfe-cgc", "cgt-fo", "cgt"]);
    assert_eq!(m.parties[2].nom, "l’Union professionnelle artisanale (UPA)");
    // The blocks name the organisations only.
    assert_eq!(m.signature_order, vec!["medef", "cfdt", "upa", "cgpme"]);
    assert_eq!(m.dates.get("signature").and_then(|d| d.as_str()), Some("2009-02-19"));
    assert_eq!(m.visas.len(), 3);
    // One alinéa per visa, recital and item, though the export broke the
    // lines; then the formula.
    let visas = part_alineas(&imp.source, "visas");
    assert_eq!(visas.iter().filter(|v| v.starts_with("Considérant")).count(), 5);
    assert_eq!(visas.iter().filter(|v| v.starts_with("Vu")).count(), 3);
    assert!(visas[visas.len() - 2].ends_with("par le régime d’assurance chômage,"), "{:?}", visas);
    assert!(visas.iter().any(|v| v.starts_with("Vu la cinquième partie") && v.contains("L. 5312-1")), "{:?}", visas);
    assert_eq!(visas.last().map(String::as_str), Some("Sont convenus des dispositions ci-après :"));
    let parties = part_alineas(&imp.source, "parties");
    assert!(
        parties.contains(&"d’une part,".to_string()) && parties.contains(&"d’autre part,".to_string()),
        "{:?}",
        parties
    );
    assert!(imp.missing.contains(&"the signatories".to_string()), "{:?}", imp.missing);
    keeps_every_word(name, &doc);
}

#[test]
fn dentistes_annexe_iii_original() {
    let name = "corpus/2006-chirurgiens-dentistes-convention-annexe-III-v1-original.md";
    let (imp, doc) = import(name);
    // The export's page heading « # Article Annexe III » names the annex.
    assert_eq!(outline(&doc), expected("Annexe III\n  I. -\n  II. -"));
    assert_eq!(
        title_of(&doc, "Annexe III"),
        "DEVIS POUR TRAITEMENT PROTHÉTIQUE ET AUTRES ACTES POUVANT FAIRE L'OBJET D'UNE ENTENTE DIRECTE (*)"
    );
    // The numbered points are list items of their section.
    let i = doc.all_divisions().into_iter().find(|d| d.label.as_deref() == Some("I. -")).unwrap();
    assert_eq!(i.alineas.iter().filter(|a| matches!(a.kind, AlineaKind::Item { .. })).count(), 13);
    // An annex alone states no title, nature, parties or dates: reported.
    let m = &imp.source.manifest;
    assert_eq!((m.title.as_str(), m.nature.as_deref(), m.parties.len()), ("", None, 0));
    assert!(imp.missing.contains(&"the title".to_string()));
    keeps_every_word(name, &doc);
}

#[test]
fn dentistes_annexe_iii_consolidated() {
    let name = "corpus/2006-chirurgiens-dentistes-convention-annexe-III-consolide.md";
    let (_imp, doc) = import(name);
    // « 1.1. » and « 1.2. » are numbered under « 1° »: the degree points
    // are divisions, and « 2° » is the sibling of « 1° ».
    assert_eq!(outline(&doc), expected("Annexe III\n  1°\n    1.1.\n    1.2.\n  2°"));
    assert_eq!(title_of(&doc, "1.1."), "Définitions des rubriques de la déclaration 2035");
    keeps_every_word(name, &doc);
}

/// The chapters and articles of the 1952 cahier des charges type. Articles
/// carry the number the text gives them (« Art. 20. » where 28 is meant),
/// and their title is the line set above them (« Services concédé. »).
fn cahier_1952(consolidated: bool) -> String {
    let mut s = String::from("CHAPITRE Ier :\n");
    let art = |n: usize| match n {
        1 => "Art. 1er -".to_string(),
        6 => "Art 6. -".to_string(),
        17 => "Art. 17.-".to_string(),
        19 => "Art. 19 -".to_string(),
        _ => format!("Art. {}. -", n),
    };
    let chapters: [(&str, Vec<usize>); 6] = [
        ("", (1..=7).collect()),
        ("CHAPITRE II :", (8..=16).collect()),
        ("CHAPITRE III :", (17..=26).collect()),
        ("CHAPITRE IV :", vec![27, 28]),
        ("CHAPITRE V :", (29..=33).collect()),
        ("CHAPITRE VI :", (34..=37).collect()),
    ];
    for (chapter, articles) in chapters {
        if !chapter.is_empty() {
            s.push_str(chapter);
            s.push('\n');
        }
        for n in articles {
            let label = match (n, consolidated) {
                (11, true) => Some("Art. 11.".to_string()),
                (23, false) => Some("Art 23. -".to_string()),
                (23, true) => Some("Art 23. à 26 -".to_string()),
                (24..=26, true) | (30 | 31, true) => None,
                (28, false) => Some("Art. 20. -".to_string()),
                (29, false) => Some("Art. 29.".to_string()),
                (29, true) => Some("Art. 29 à 31".to_string()),
                _ => Some(art(n)),
            };
            let Some(label) = label else { continue };
            s.push_str(&format!("  {}\n", label));
            // Sub-points the text cites (« au 1° ci-dessus ») that end their
            // article are divisions: Art. 5's three kinds of works, each
            // with its table; Art. 9's two charges.
            if n == 5 {
                s.push_str("    1°\n    2°\n    3°\n");
            }
            if n == 9 {
                s.push_str("    1°\n    2°\n");
            }
        }
    }
    s.trim_end().to_string()
}

#[test]
fn cahier_des_charges_1952_original() {
    let name = "corpus/1952-cahier-charges-type-transport-gaz-v1-original.md";
    let (imp, doc) = import(name);
    assert_eq!(outline(&doc), cahier_1952(false));
    assert_eq!(title_of(&doc, "Art. 1er -"), "Services concédé.");
    assert_eq!(
        title_of(&doc, "Art. 2. -"),
        "Utilisation des ouvrages de la concession. - Conditions générales d'attribution."
    );
    assert_eq!(title_of(&doc, "CHAPITRE Ier :"), "OBJET DE LA CONCESSION");
    // Art. 2's lists are followed by text of the article: they stay alinéas.
    let art2 = doc.all_divisions().into_iter().find(|d| d.label.as_deref() == Some("Art. 2. -")).unwrap();
    assert!(art2.children.is_empty());
    assert!(art2.alineas.iter().any(|a| a.text().starts_with("a) Si les quantités")));
    let m = &imp.source.manifest;
    assert_eq!(m.nature.as_deref(), Some("le cahier des charges"));
    assert_eq!((m.title.as_str(), m.parties.len()), ("", 0));
    // Every cell of the seven tables in its column: self-closing cells are
    // empty cells, a rowspan leaves an empty cell below, a colspan empty
    // cells beside.
    let designation = |ils: &str| {
        vec![
            vec![
                "DESIGNATION (1)",
                "LONGUEUR approximative",
                "PRESSION maximum de service",
                "SECTION ou diamètre",
                "OBSERVATIONS (2)",
            ],
            vec!["", "", "", "", ""],
            vec![
                if ils == "lis" {
                    "(1) Indiquer les deux extrémités de la canalisation par le nom des postes et par le nom des communes et départements dans lesquels lis sont situés. (2) Indiquer en particulier ici, les ouvrages qui fonctionneront d'abord à titre provisoire, à une pression autre que celle portée dans la troisième colonne du tableau."
                } else {
                    "(1) Indiquer les deux extrémités de la canalisation par le nom des postes et par le nom des communes et départements dans lesquels ils sont situés. (2) Indiquer en particulier ici, les ouvrages qui fonctionneront d'abord à titre provisoire, à une pression autre que celle portée dans la troisième colonne du tableau."
                },
                "",
                "",
                "",
                "",
            ],
        ]
    };
    let situation =
        vec![vec!["DESIGNATION (1)", "SITUATION géographique", "CAPACITÉ", "OBSERVATIONS (2)"], vec!["", "", "", ""]];
    let expect: Vec<Vec<Vec<&str>>> = vec![
        vec![
            vec!["", "USINE ou gisement", "EXPLOITATION ou propriétaire", "CONVENTION en date du : (1)"],
            vec!["", "", "", ""],
        ],
        designation("lis"),
        situation.clone(),
        situation.clone(),
        designation("ils"),
        situation.clone(),
        situation,
    ];
    assert_eq!(tables(&doc), expect);
    keeps_every_word_of(&titles_after_labels(&reference(&fixture(name)), &doc), &doc);
}

#[test]
fn cahier_des_charges_1952_consolidated() {
    let name = "corpus/1952-cahier-charges-type-transport-gaz-v2-consolide.md";
    let (imp, doc) = import(name);
    assert_eq!(outline(&doc), cahier_1952(true));
    // Abrogated articles keep their stub as their text, under their title.
    assert_eq!(title_of(&doc, "Art 23. à 26 -"), "Tarifs.");
    let stub = doc.all_divisions().into_iter().find(|d| d.label.as_deref() == Some("Art. 29 à 31")).unwrap();
    assert_eq!(stub.alineas[0].text(), "(articles abrogés)");
    assert_eq!(imp.source.manifest.nature.as_deref(), Some("le cahier des charges"));
    assert_eq!(tables(&doc).len(), 7);
    assert!(tables(&doc).iter().all(|t| t.iter().all(|r| r.len() == t[0].len())));
    keeps_every_word_of(&titles_after_labels(&reference(&fixture(name)), &doc), &doc);
}

// ------------------------------------------------------- synthetic texts

#[test]
fn a_paris_style_convention() {
    let name = "import/convention-paris-gentilly.md";
    let (imp, doc) = import(name);
    // « a) » points are cited (« au b de l'article 3 »): those of article 3
    // run to its end and are divisions; article 2 goes on after its first
    // list, so both its lists stay alinéas.
    assert_eq!(
        outline(&doc),
        expected(
            "
        PRÉAMBULE
        ARTICLE 1 :
        ARTICLE 2 :
        ARTICLE 3 :
          a)
          b)
          c)
        ARTICLE 4 :
        ARTICLE 5 :"
        )
    );
    assert_eq!(title_of(&doc, "ARTICLE 4 :"), "FINANCEMENT");
    let art2 = doc.all_divisions().into_iter().find(|d| d.label.as_deref() == Some("ARTICLE 2 :")).unwrap();
    assert_eq!(art2.alineas.iter().filter(|a| a.text().starts_with("a) ")).count(), 2);
    let m = &imp.source.manifest;
    assert_eq!(m.title, "CONVENTION DE PARTENARIAT ENTRE LA VILLE DE PARIS ET LA COMMUNE DE GENTILLY RELATIVE À L'AMÉNAGEMENT DE LA PORTE DE GENTILLY");
    let paris = party(&imp.source, "la Ville de Paris");
    assert_eq!(paris.representant, "Madame la Maire de Paris");
    let d = paris.deliberation.as_ref().unwrap();
    assert_eq!(
        (d.organe.as_str(), d.numero.as_deref(), d.date.as_deref()),
        ("Conseil de Paris", Some("2021 DU 145"), Some("2021-07-06"))
    );
    assert_eq!(
        (paris.signataire.qualite.as_str(), paris.signataire.nom.as_str()),
        ("La Maire de Paris", "Anne HIDALGO")
    );
    let gentilly = party(&imp.source, "la Commune de Gentilly");
    assert_eq!(
        gentilly.deliberation.as_ref().map(|d| (d.organe.as_str(), d.numero.as_deref())),
        Some(("conseil municipal", Some("2021-58")))
    );
    assert_eq!(gentilly.signataire.nom, "Patrick DAUDET");
    assert_eq!((m.lieu.as_deref(), m.originaux), (Some("Paris"), Some(2)));
    assert_eq!(m.dates.get("signature").and_then(|d| d.as_str()), Some("2021-10-12"));
    assert_eq!(m.visas.len(), 2);
    assert!(imp.missing.is_empty(), "{:?}", imp.missing);
    // « Lu et approuvé » stays in each block, which is whole.
    assert_eq!(doc.signatures.len(), 2);
    assert_eq!(
        doc.signatures[0].lines.iter().map(|l| inline_text(l)).collect::<Vec<_>>(),
        vec!["Pour la Ville de Paris,", "Lu et approuvé,", "La Maire de Paris,", "Anne HIDALGO"]
    );
    // Words between angle brackets are words; the table keeps its columns.
    let txt = clausier::write::to_text(&doc);
    assert!(txt.contains("la somme de <montant> euros au plus tard le <date>"), "{}", txt);
    assert_eq!(
        tables(&doc),
        vec![vec![
            vec!["Étape", "Montant (euros)", ""],
            vec!["", "Ville de Paris", "Commune de Gentilly"],
            vec!["Études", "40 000", ""],
            vec!["Travaux", "", "25 000"],
        ]]
    );
    // Every word, exactly.
    assert_keeps_every_word(&reference(&fixture(name)), &reading(&doc));
}

#[test]
fn a_convention_with_a_plan() {
    let name = "import/convention-plan-montreuil.md";
    let (imp, doc) = import(name);
    // The plan is the sommaire, not a second outline; « Article 1er » under
    // « TITRE Ier » stays a division; « Article 4 » followed by « Article 5 »
    // is an empty article; « 3.1. » numbers under article 3, and its
    // « a) » points, cited (« au b du 3.1 ») and ending it, are divisions;
    // « Article 5 (suite) » and the export's « # Article Annexe (suite) »
    // go; the annex is at the top.
    assert_eq!(
        outline(&doc),
        expected(
            "
        TITRE Ier –
          Article 1er
          Article 2 –
        TITRE II –
          Article 3 –
            3.1.
              a)
              b)
              c)
            3.2.
          Article 4
          Article 5 –
        ANNEXE 1 –"
        )
    );
    assert_eq!(title_of(&doc, "Article 1er"), "Objet");
    let art4 = doc.all_divisions().into_iter().find(|d| d.label.as_deref() == Some("Article 4")).unwrap();
    assert!(art4.title.is_empty() && art4.alineas.is_empty());
    assert_eq!(doc.toc_title.as_deref(), Some("PLAN DE LA CONVENTION"));
    assert_eq!(doc.sommaire().len(), 8, "{:?}", doc.sommaire());
    let m = &imp.source.manifest;
    assert_eq!(m.parties.len(), 2);
    let asso = party(&imp.source, "l'association « Les Amis du parc »");
    assert_eq!(asso.representant, "sa présidente, Mme Claire Martin");
    assert_eq!((asso.signataire.qualite.as_str(), asso.signataire.nom.as_str()), ("La présidente", "Claire MARTIN"));
    let d = party(&imp.source, "la Commune de Montreuil").deliberation.as_ref().unwrap();
    assert_eq!(
        (d.organe.as_str(), d.numero.as_deref(), d.date.as_deref()),
        ("conseil municipal", Some("2022-045"), Some("2022-03-15"))
    );
    assert_eq!((m.lieu.as_deref(), m.originaux), (Some("Montreuil"), Some(3)));
    // An association acts by no assembly's vote: nothing is wanting.
    assert_eq!(imp.missing, Vec::<String>::new());
    assert_eq!(
        tables(&doc),
        vec![vec![
            vec!["Poste", "2022", "2023"],
            vec!["Semences et outils", "1 200", "800"],
            vec!["Ateliers", "", "1 500"]
        ]]
    );
    // Every word but the two continuation markers, which go.
    let text = reference(&fixture(name)).replace("Article 5 (suite)", "").replace("# Article Annexe (suite)", "");
    assert_keeps_every_word(&text, &reading(&doc));
}

// ------------------------------------------------------------- the seed

#[test]
fn the_seed_has_its_parties_signatories_and_originals() {
    let (imp, doc) = import("convention-paris-ivry.md");
    let m = &imp.source.manifest;
    // As written: capitals kept; the sentence form only because the text
    // writes every word of it elsewhere (« la Ville de Paris »).
    assert_eq!(m.title, "CONVENTION DE COOPERATION ENTRE LA VILLE DE PARIS ET LA VILLE D'IVRY-SUR-SEINE");
    assert_eq!(
        m.intitule.as_deref(),
        Some("convention de coopération entre la Ville de Paris et la Ville d'Ivry-sur-Seine")
    );
    assert_eq!(m.nature.as_deref(), Some("la convention"));
    let noms: Vec<&str> = m.parties.iter().map(|p| p.nom.as_str()).collect();
    assert_eq!(noms, vec!["la Ville de Paris", "la Ville d'Ivry-sur-Seine"]);
    let paris = &m.parties[0];
    // « Représentée par Madame la Maire / ANNE HIDALGO »: the facts are
    // copied as written; the text is untouched.
    assert_eq!(
        (paris.signataire.civilite.as_str(), paris.signataire.nom.as_str()),
        ("Madame la Maire", "ANNE HIDALGO")
    );
    assert_eq!(paris.representant, "Madame la Maire");
    assert!(paris.signataire.nom.eq_ignore_ascii_case("Anne Hidalgo"));
    assert!(m.parties[1].signataire.nom.eq_ignore_ascii_case("Philippe Bouyssou"));
    assert_eq!(m.signature_order, vec![m.parties[1].id.clone(), paris.id.clone()]);
    assert_eq!(m.originaux, Some(4));
    assert_eq!(imp.missing, vec!["the deliberations", "the place of signature", "the date of signature"]);
    // The signature blocks, written side by side in the seed, are two
    // blocks, each in its column.
    assert_eq!(doc.signatures.len(), 2);
    assert_eq!(inline_text(&doc.signatures[1].lines[2]), "ANNE HIDALGO");
}

#[test]
fn originals_of_the_imported_seed_are_four_with_signature_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("seed");
    let r = clausier(&["import", seed_path().to_str().unwrap(), "-o", src.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    // What the text does not say is reported, in one line.
    let err = String::from_utf8(r.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{}", err);
    assert!(err.contains("not found: the deliberations, the place of signature, the date of signature"), "{}", err);
    let out = dir.path().join("originaux");
    let r = clausier(&["originals", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let mut docx: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
        .collect();
    docx.sort();
    assert_eq!(docx.len(), 4, "{:?}", docx);
    for (k, f) in docx.iter().enumerate() {
        // Read by clausier's DOCX reader: names keep their non-breaking
        // hyphens (`w:noBreakHyphen`), which docx-rs does not read.
        let read = clausier::read::docx::read_docx(&std::fs::read(f).unwrap(), &Default::default()).unwrap();
        let mut text = String::new();
        for b in &read.blocks {
            match &b.block {
                clausier::markdown::TextBlock::Alinea { alinea, .. } => text.push_str(&alinea.text()),
                clausier::markdown::TextBlock::Heading { inlines, .. } => text.push_str(&inline_text(inlines)),
                clausier::markdown::TextBlock::Rule { .. } => {}
            }
            text.push('\n');
        }
        let text = text.replace('\u{a0}', " ").replace('’', "'");
        assert!(text.contains(&format!("Exemplaire original n° {} sur 4", k + 1)), "{}", f.display());
        for line in
            ["La Ville d'Ivry-sur-Seine", "Représentée par Madame la Maire", "PHILIPPE BOUYSSOU", "ANNE HIDALGO"]
        {
            assert!(text.contains(line), "{} lacks {}", f.display(), line);
        }
    }
}

#[test]
fn list_shows_the_facts() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("seed");
    assert!(clausier(&["import", seed_path().to_str().unwrap(), "-o", src.to_str().unwrap()]).status.success());
    let r = clausier(&["list", "--library", dir.path().to_str().unwrap()]);
    let out = String::from_utf8(r.stdout).unwrap();
    assert!(out.contains("la convention · 4 exemplaires originaux"), "{}", out);
    assert!(
        out.contains("la Ville de Paris, représentée par Madame la Maire; signataire: Madame la Maire, ANNE HIDALGO"),
        "{}",
        out
    );
    let r = clausier(&["list", "--json", "--library", dir.path().to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v[0]["nature"], "la convention");
    assert_eq!(v[0]["originaux"], 4);
    assert_eq!(v[0]["parties"][1]["signataire"]["nom"], "PHILIPPE BOUYSSOU");
}

// ------------------------------------------------------- hostile inputs

#[test]
fn a_table_row_of_64_000_cells() {
    // Every third cell is self-closing, as official exports write empty
    // cells: each stays an empty cell in its column. (Reading the row was
    // quadratic: 40 s.)
    let cells: String = (0..64_000)
        .map(|k| if k % 3 == 2 { "<td align=\"center\"/>".to_string() } else { format!("<td>c{}</td>", k) })
        .collect();
    let text = format!("Texte.\n\n<table><tr>{}</tr></table>\n", cells);
    let src = clausier::import::import_text(&text, Path::new("row.md")).unwrap();
    let doc = clausier::render::assemble(&src, &BuildOptions::default()).unwrap();
    let t = tables(&doc);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0][0].len(), 64_000);
    assert!(t[0][0].iter().enumerate().all(|(k, c)| if k % 3 == 2 { c.is_empty() } else { *c == format!("c{}", k) }));
}

#[test]
fn decimal_labels_nested_2000_deep() {
    // 1., 1.1., 1.1.1. … 2 000 levels: the outline stops at a depth a
    // manifest can be read back at (the rest stays text, every word kept);
    // ids no longer repeat every level's number (that took gigabytes).
    let mut text = String::new();
    let mut num = String::new();
    for d in 0..2000 {
        num.push_str("1.");
        text.push_str(&format!("{} Titre {}\n\nTexte {}.\n\n", num, d, d));
    }
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("profond.md");
    std::fs::write(&f, &text).unwrap();
    let out = dir.path().join("src");
    let r = clausier(&["import", f.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let src = clausier::source::Source::load(&out).unwrap();
    let doc = clausier::render::assemble(&src, &BuildOptions::default()).unwrap();
    assert_eq!(doc.all_divisions().iter().map(|d| d.level).max(), Some(16));
    assert_eq!(words(&text), words(&clausier::write::to_text(&doc)));
}

#[test]
fn words_between_angle_brackets_are_kept() {
    let text = "## Article 1 – Objet\n\nLa subvention de <montant> euros est versée le <date>.\n\n<montant>\n\nSi a<b et b>c, le comité statue.\n";
    let src = clausier::import::import_text(text, Path::new("chevrons.md")).unwrap();
    let txt = clausier::write::to_text(&clausier::render::assemble(&src, &BuildOptions::default()).unwrap());
    for w in ["La subvention de <montant> euros est versée le <date>.", "<montant>", "Si a<b et b>c, le comité statue."]
    {
        assert!(txt.contains(w), "{} not in {}", w, txt);
    }
}

#[test]
fn import_reads_a_pipe_and_dev_stdin() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("src");
    let mut child = Command::new(env!("CARGO_BIN_EXE_clausier"))
        .args(["import", "/dev/stdin", "-o", out.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(seed().as_bytes()).unwrap();
    let r = child.wait_with_output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let doc = clausier::build(&out, &BuildOptions::default()).unwrap();
    assert_eq!(folded_words(&seed_text()), folded_words(&clausier::write::to_text(&doc)));

    // A pipe longer than the limit is refused once the limit is read.
    let out2 = dir.path().join("src2");
    let mut child = Command::new(env!("CARGO_BIN_EXE_clausier"))
        .args(["import", "/dev/stdin", "-o", out2.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = "Texte de la convention. ".repeat(4096);
        for _ in 0..400 {
            if stdin.write_all(chunk.as_bytes()).is_err() {
                break;
            }
        }
    });
    let r = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8(r.stderr).unwrap();
    assert!(err.contains("/dev/stdin") && err.contains("too large"), "{}", err);
    assert!(!out2.exists());
}

#[test]
fn a_byte_order_mark_is_dropped() {
    let text = "\u{FEFF}CONVENTION DE TEST\n\n## Article 1 – Objet\n\nTexte.\n";
    let src = clausier::import::import_text(text, Path::new("bom.md")).unwrap();
    assert_eq!(src.manifest.title, "CONVENTION DE TEST");
    assert!(src.clauses.values().all(|c| !c.text.contains('\u{FEFF}')));
    // Read from a file too.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bom.md");
    std::fs::write(&f, text).unwrap();
    let imported = clausier::import::import_file(&f).unwrap();
    assert_eq!(imported.source.manifest.title, "CONVENTION DE TEST");
}

/// A sommaire entry whose label went stale (a division inserted before it)
/// keeps its own wording; a wording that opens on a list or heading mark
/// (« - », « 1. », « # ») keeps that mark when the source is built again,
/// not read as a list item or a heading that swallows it.
#[test]
fn a_stale_sommaire_wording_keeps_its_opening_mark() {
    let text = "CONVENTION DE GESTION\n\nSOMMAIRE\n\nArticle 1 – Durée 2\n\nArticle 2 – - Objet ..... 3\n\n\
                Entre les soussignés :\n\nLa Commune de Brignais, d'une part,\n\nIl est convenu ce qui suit :\n\n\
                Article 1 – Durée\n\nLa convention dure un an.\n\nArticle 2 – Définitions\n\nLes termes.\n\nArticle 3 – Objet\n\nLa convention a pour objet la gestion.\n";
    let imported = clausier::import::import(text, Path::new("stale.md")).unwrap();
    let doc = clausier::render::assemble(&imported.source, &BuildOptions::default()).unwrap();
    // Each division's sommaire wording (its own, when it differs from the title) and page.
    let listed: Vec<(String, Option<String>, Option<String>)> = doc
        .all_divisions()
        .into_iter()
        .map(|d| (inline_text(&d.title), d.toc.wording.as_deref().map(inline_text), d.toc.page.clone()))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("Durée".into(), None, Some("2".into())),
            ("Définitions".into(), None, None),
            ("Objet".into(), Some("- Objet".into()), Some("3".into()))
        ]
    );
}
