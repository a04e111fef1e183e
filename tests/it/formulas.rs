//! The formulas a légiste would choose, one kind of edit at a time: each
//! test writes a convention and its edited version, drafts the avenant,
//! checks the round trip over the whole text and reads the avenant as it
//! will be signed.

use clausier::avenant::{self, apply::ApplyOptions, draft::DraftOptions, ChangeSet, Operation};
use clausier::render::{assemble, BuildOptions};
use clausier::source::Source;
use std::path::Path;

/// A convention as a legal service would write it: a title, visas,
/// articles (number, title, alinéas).
struct Conv<'a> {
    nature: &'a str,
    title: &'a str,
    visas: Vec<&'a str>,
    articles: Vec<(&'a str, &'a str, Vec<&'a str>)>,
}

impl<'a> Conv<'a> {
    fn new(articles: Vec<(&'a str, &'a str, Vec<&'a str>)>) -> Conv<'a> {
        Conv {
            nature: "la convention",
            title: "Convention de partenariat entre la Ville de Paris et la Ville de Vitry-sur-Seine",
            visas: vec![],
            articles,
        }
    }

    /// Writes the source into `dir`.
    fn write(&self, dir: &Path) -> Source {
        std::fs::create_dir_all(dir).unwrap();
        let mut outline = Vec::new();
        for (k, (number, title, alineas)) in self.articles.iter().enumerate() {
            let id = format!("article-{}", number.replace(' ', "-"));
            let expected = if k == 0 { "1er".to_string() } else { (k + 1).to_string() };
            let mut node = serde_json::json!({ "id": id, "title": title });
            if number.starts_with("Annexe") {
                node["label"] = serde_json::json!(number);
            } else if *number != expected {
                node["label"] = serde_json::json!(format!("Article {} –", number));
            }
            if !alineas.is_empty() {
                std::fs::write(dir.join(format!("{}.md", id)), alineas.join("\n\n") + "\n").unwrap();
                node["clause"] = serde_json::json!(id);
            }
            outline.push(node);
        }
        std::fs::write(dir.join("titre.md"), format!("**{}**\n", self.title)).unwrap();
        let mut parts = serde_json::json!({ "titre": "titre" });
        if !self.visas.is_empty() {
            std::fs::write(dir.join("visas.md"), self.visas.join("\n\n") + "\n").unwrap();
            parts["visas"] = serde_json::json!("visas");
        }
        let manifest = serde_json::json!({
            "kind": "convention", "title": self.title, "nature": self.nature,
            "numbering": ["Article {1er} –"], "parts": parts, "outline": outline,
            "parties": [{ "id": "paris", "nom": "la Ville de Paris", "representant": "la Maire de Paris", "signataire": { "qualite": "La Maire de Paris", "nom": "Anne HIDALGO" }, "deliberation": { "organe": "Conseil de Paris" } }],
        });
        std::fs::write(dir.join("manifest.json"), serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
        Source::load(dir).unwrap()
    }
}

struct Drafted {
    cs: ChangeSet,
    text: String,
    _dir: tempfile::TempDir,
}

/// Drafts OLD → NEW, checks that the avenant applied to OLD gives NEW over
/// the whole text, and returns the change set and the avenant as text.
fn draft(old: &Conv, new: &Conv) -> Drafted {
    draft_styled(old, new, |_| {})
}

fn draft_styled(old: &Conv, new: &Conv, adjust: impl Fn(&mut ChangeSet)) -> Drafted {
    let dir = tempfile::tempdir().unwrap();
    let (o, n) = (old.write(&dir.path().join("old")), new.write(&dir.path().join("new")));
    let mut cs = avenant::draft::draft(&o, &n, &DraftOptions { numero: None, base_name: "old".into() }).unwrap();
    adjust(&mut cs);
    let applied = avenant::apply::apply(&o, &cs, Path::new("a.json"), &ApplyOptions::default()).unwrap();
    let canon = |s: &Source| clausier::fingerprint::canonical_text(&assemble(s, &BuildOptions::default()).unwrap());
    assert_eq!(canon(&applied), canon(&n), "the avenant must give the new text; ops: {:#?}", cs.operations);
    let doc = avenant::document::build(&o, &cs, Path::new("a.json")).unwrap();
    let text = clausier::write::to_text(&doc).replace(['\u{a0}', '\u{202f}'], " ");
    prose_gives_the_new_text(&o, &n, &text);
    Drafted { cs, text, _dir: dir }
}

/// The avenant's words, read by the prose reader and applied to OLD, give
/// NEW: what is signed does what the change set does.
pub(crate) fn prose_gives_the_new_text(o: &Source, n: &Source, text: &str) {
    let (old, new) = (assemble(o, &BuildOptions::default()).unwrap(), assemble(n, &BuildOptions::default()).unwrap());
    let read = crate::prose::apply_prose(&old, text).unwrap_or_else(|e| panic!("the prose reader: {}\n{}", e, text));
    let want = crate::prose::reading(&new);
    assert!(
        read == want,
        "the avenant's words give another text: {:?}\n{}",
        crate::prose::first_difference(&read, &want),
        text
    );
}

fn has(d: &Drafted, formula: &str) {
    assert!(d.text.contains(formula), "missing « {} » in\n{}\n{:#?}", formula, d.text, d.cs.operations);
}

const A1: &str = "Les parties conviennent de coopérer sur les sujets communs aux deux villes, dans le respect des compétences de chacune.";
const A2: &str =
    "Le comité de suivi se réunit chaque année au mois de juin, alternativement à Paris et à Vitry-sur-Seine.";
const A3: &str =
    "La présente convention est conclue pour une durée de trois ans à compter de sa signature par les parties.";
const A4: &str =
    "Chaque partie désigne un référent chargé du suivi de la convention et en informe l'autre partie par écrit.";

#[test]
fn an_article_inserted_between_untitled_articles_is_one_insertion() {
    let old = Conv::new(vec![("1er", "", vec![A1]), ("2", "", vec![A2]), ("3", "", vec![A3])]);
    let new = Conv::new(vec![
        ("1er", "", vec![A1]),
        ("2", "", vec![A2]),
        ("2 bis", "", vec!["Un observatoire commun de la qualité de l'air est créé auprès du comité de suivi."]),
        ("3", "", vec![A3]),
    ]);
    let d = draft(&old, &new);
    assert_eq!(d.cs.operations.len(), 1, "{:#?}", d.cs.operations);
    has(&d, "Après l’article 2, il est inséré un article 2 bis ainsi rédigé :");
    has(&d, "« Article 2 bis");
}

#[test]
fn consecutive_new_articles_are_inserted_together() {
    let old = Conv::new(vec![("1er", "Objet", vec![A1]), ("2", "Comité", vec![A2]), ("3", "Durée", vec![A3])]);
    let new = Conv::new(vec![
        ("1er", "Objet", vec![A1]),
        ("2", "Comité", vec![A2]),
        ("2 bis", "Observatoire", vec!["Un observatoire commun est créé."]),
        ("2 ter", "Rapport", vec!["Un rapport annuel est publié."]),
        ("3", "Durée", vec![A3]),
    ]);
    let d = draft(&old, &new);
    has(&d, "Après l’article 2, sont insérés deux articles 2 bis et 2 ter ainsi rédigés :");
    assert_eq!(d.text.matches("Après l’article 2").count(), 1, "{}", d.text);
}

#[test]
fn words_removed_are_deleted_not_replaced() {
    let old = Conv::new(vec![(
        "1er",
        "Objet",
        vec![
            A1,
            "Cette coopération porte notamment sur la voirie. Elle est évaluée chaque année par les deux services.",
        ],
    )]);
    let new = Conv::new(vec![("1er", "Objet", vec![A1, "Cette coopération porte notamment sur la voirie."])]);
    let d = draft(&old, &new);
    has(&d, "Au second alinéa de l’article 1er, les mots : « Elle est évaluée chaque année par les deux services. » sont supprimés.");
}

#[test]
fn a_sentence_added_at_the_end_completes_the_alinea() {
    let old = Conv::new(vec![("1er", "Objet", vec![A1, A2])]);
    let completed = format!("{} Un compte rendu est adressé aux habitants.", A2);
    let new = Conv::new(vec![("1er", "Objet", vec![A1, &completed])]);
    let d = draft(&old, &new);
    has(&d, "Le second alinéa de l’article 1er est complété par une phrase ainsi rédigée :");
    has(&d, "« Un compte rendu est adressé aux habitants. »");
    assert!(!d.text.contains("habitants. ». "), "no doubled point: {}", d.text);
}

#[test]
fn words_added_at_the_end_complete_the_alinea() {
    let old = Conv::new(vec![("1er", "Objet", vec!["Le comité associe les services de la voirie"])]);
    let new = Conv::new(vec![("1er", "Objet", vec!["Le comité associe les services de la voirie et de la propreté"])]);
    let d = draft(&old, &new);
    has(&d, "L’article 1er est complété par les mots : « et de la propreté ».");
}

#[test]
fn several_changes_in_one_short_alinea_rewrite_it() {
    let old = Conv::new(vec![(
        "1er",
        "Objet",
        vec![A1, "Ce travail de récolement pourra être réalisé en partenariat avec l'APUR chaque année."],
    )]);
    let new = Conv::new(vec![(
        "1er",
        "Objet",
        vec![A1, "Ce travail de recensement pourra être conduit en partenariat avec l'APUR chaque semestre."],
    )]);
    let d = draft(&old, &new);
    has(&d, "Le second alinéa de l’article 1er est ainsi rédigé :");
}

#[test]
fn a_division_mostly_changed_is_rewritten_whole_with_its_new_title() {
    let old = Conv::new(vec![("1er", "Objet", vec![A1]), ("2", "Comité", vec![A2, A3, A4])]);
    let new = Conv::new(vec![
        ("1er", "Objet", vec![A1]),
        (
            "2",
            "Instances",
            vec!["Un comité directeur arrête le programme de travail.", "Un comité technique le met en œuvre.", A4],
        ),
    ]);
    let d = draft(&old, &new);
    has(&d, "L’article 2 est ainsi rédigé :");
    has(&d, "« Article 2 – Instances");
    assert!(!d.text.contains("1°"), "one formula, not items: {}", d.text);
}

#[test]
fn one_alinea_becoming_two() {
    let old = Conv::new(vec![("1er", "Objet", vec![A1, A2, A3])]);
    let new = Conv::new(vec![(
        "1er",
        "Objet",
        vec![
            A1,
            "Le comité de suivi se réunit chaque année.",
            "Il se réunit alternativement à Paris et à Vitry-sur-Seine.",
            A3,
        ],
    )]);
    let d = draft(&old, &new);
    has(&d, "Le deuxième alinéa de l’article 1er est remplacé par deux alinéas ainsi rédigés :");
}

#[test]
fn the_same_words_replaced_throughout_are_one_formula() {
    let old = Conv::new(vec![
        ("1er", "Objet", vec!["Le comité de suivi veille à la coopération."]),
        ("2", "Comité de suivi", vec!["Le comité de suivi se réunit chaque année."]),
        ("3", "Durée", vec![A3]),
    ]);
    let new = Conv::new(vec![
        ("1er", "Objet", vec!["Le comité de pilotage veille à la coopération."]),
        ("2", "Comité de pilotage", vec!["Le comité de pilotage se réunit chaque année."]),
        ("3", "Durée", vec![A3]),
    ]);
    let d = draft(&old, &new);
    has(&d, "Dans l’ensemble de la convention, le mot : « suivi » est remplacé par le mot : « pilotage ».");
    assert_eq!(d.cs.operations.len(), 1, "{:#?}", d.cs.operations);
}

#[test]
fn a_quote_is_unique_in_its_alinea() {
    let old =
        Conv::new(vec![("1er", "Objet", vec!["Le comité est consulté et le comité est informé de chaque projet."])]);
    let new =
        Conv::new(vec![("1er", "Objet", vec!["Le comité est consulté et le comité est associé à chaque projet."])]);
    let d = draft(&old, &new);
    for op in &d.cs.operations {
        if let Operation::ReplaceWords { words, occurrence, .. } = op {
            assert!(occurrence.is_some() || d.cs.operations.len() == 1 && words.split_whitespace().count() >= 1);
        }
    }
    // « est informé de » is unique: no occurrence needed.
    has(&d, "les mots : « informé de » sont remplacés par les mots : « associé à »");
}

#[test]
fn a_quote_that_cannot_be_unique_names_its_occurrence() {
    let old = Conv::new(vec![("1er", "Objet", vec!["Paris et Vitry. Paris et Vitry."])]);
    let new = Conv::new(vec![("1er", "Objet", vec!["Paris et Vitry. Paris ou Vitry."])]);
    let d = draft(&old, &new);
    has(&d, "la seconde occurrence du mot : « et » est remplacée par le mot : « ou »");
}

#[test]
fn a_new_visa() {
    let mut old = Conv::new(vec![("1er", "Objet", vec![A1])]);
    old.visas = vec![
        "Vu le code général des collectivités territoriales ;",
        "Vu la délibération du Conseil de Paris ;",
        "Il a été convenu ce qui suit :",
    ];
    let mut new = Conv::new(vec![("1er", "Objet", vec![A1])]);
    new.visas = vec![
        "Vu le code général des collectivités territoriales ;",
        "Vu le code de l'urbanisme ;",
        "Vu la délibération du Conseil de Paris ;",
        "Il a été convenu ce qui suit :",
    ];
    let d = draft(&old, &new);
    has(&d, "Après le premier visa, il est inséré un visa ainsi rédigé :");
    has(&d, "« Vu le code de l’urbanisme ; »");
}

#[test]
fn a_visa_amended() {
    let mut old = Conv::new(vec![("1er", "Objet", vec![A1])]);
    old.visas = vec![
        "Vu le code général des collectivités territoriales ;",
        "Vu la délibération du Conseil de Paris en date du 3 mai 2019 ;",
        "Vu la délibération du conseil municipal ;",
    ];
    let mut new = Conv::new(vec![("1er", "Objet", vec![A1])]);
    new.visas = vec![
        "Vu le code général des collectivités territoriales ;",
        "Vu la délibération du Conseil de Paris en date du 5 juin 2019 ;",
        "Vu la délibération du conseil municipal ;",
    ];
    let d = draft(&old, &new);
    has(&d, "Au deuxième visa, la date du 3 mai 2019 est remplacée par la date du 5 juin 2019.");
}

#[test]
fn the_title_is_amended_as_such() {
    let old = Conv::new(vec![("1er", "Objet", vec![A1])]);
    let mut new = Conv::new(vec![("1er", "Objet", vec![A1])]);
    new.title = "Convention de coopération entre la Ville de Paris et la Ville de Vitry-sur-Seine";
    let d = draft(&old, &new);
    has(&d, "L’intitulé de la convention est ainsi rédigé :");
}

#[test]
fn the_amended_text_is_named_with_its_own_noun_and_gender() {
    let mut old = Conv::new(vec![("1er", "Objet", vec![A1]), ("2", "Durée", vec![A3])]);
    old.nature = "le cahier des charges";
    old.title = "Cahier des charges de la concession de la voirie communale";
    let mut new = Conv::new(vec![("1er", "Objet", vec![A1]), ("2", "Durée", vec!["La présente convention est conclue pour une durée de cinq ans à compter de sa signature par les parties."])]);
    new.nature = "le cahier des charges";
    new.title = old.title;
    let d = draft(&old, &new);
    has(&d, "AU CAHIER DES CHARGES DE LA CONCESSION DE LA VOIRIE COMMUNALE");
    has(&d, "Vu le cahier des charges de la concession de la voirie communale, signé le");
    has(&d, "Les autres stipulations du cahier des charges demeurent inchangées.");
    assert!(!d.text.contains("À LA CAHIER") && !d.text.contains("la cahier"), "{}", d.text);
}

#[test]
fn the_articles_follow_the_order_of_the_text_and_enumerations_read_as_in_the_journal_officiel() {
    let old = Conv::new(vec![("1er", "Objet", vec![A1, A2, A3, A4]), ("2", "Durée", vec![A3])]);
    let new = Conv::new(vec![
        ("1er", "Objet", vec![A1, "Le comité de suivi se réunit chaque semestre au mois de juin, alternativement à Paris et à Vitry-sur-Seine.", A3]),
        ("2", "Durée", vec!["La présente convention est conclue pour une durée de cinq ans à compter de sa signature par les parties."]),
    ]);
    let d = draft(&old, &new);
    let (a1, a2) =
        (d.text.find("Modification de l’article 1er").unwrap(), d.text.find("Modification de l’article 2").unwrap());
    assert!(a1 < a2, "{}", d.text);
    has(&d, "L’article 1er est ainsi modifié :");
    // The Journal officiel keeps the capital after « 1° ».
    assert!(
        d.text.contains("1° Au deuxième alinéa") && d.text.contains("2° Le dernier alinéa est supprimé."),
        "{}",
        d.text
    );
}

#[test]
fn a_quoted_list_item_keeps_its_dash() {
    let old = Conv::new(vec![(
        "1er",
        "Objet",
        vec!["Les parties s'engagent à :", "- publier la convention ;", "- informer les habitants."],
    )]);
    let new = Conv::new(vec![(
        "1er",
        "Objet",
        vec![
            "Les parties s'engagent à :",
            "- publier la convention ;",
            "- évaluer la coopération ;",
            "- informer les habitants.",
        ],
    )]);
    let d = draft(&old, &new);
    has(&d, "« – évaluer la coopération ; »");
}

#[test]
fn a_change_to_the_signature_blocks_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let old = Conv::new(vec![("1er", "Objet", vec![A1])]).write(&dir.path().join("old"));
    let old_doc = assemble(&old, &BuildOptions::default()).unwrap();
    let mut new_doc = old_doc.clone();
    new_doc.signatures = vec![clausier::model::SignatureBlock {
        lines: vec![vec![clausier::model::Inline::plain("Emmanuel GRÉGOIRE")]],
        change: Default::default(),
    }];
    let e = avenant::draft::draft_from(&old, &old_doc, &new_doc, &DraftOptions::default()).unwrap_err().to_string();
    assert!(e.contains("signature blocks"), "{}", e);
}

#[test]
fn the_state_style_lists_the_amendments_in_an_annex() {
    let old = Conv::new(vec![("1er", "Objet", vec![A1]), ("2", "Durée", vec![A3])]);
    let new = Conv::new(vec![("1er", "Objet", vec![A1]), ("2", "Durée", vec!["La présente convention est conclue pour une durée de cinq ans à compter de sa signature par les parties."])]);
    let d = draft_styled(&old, &new, |cs| {
        cs.style = avenant::ops::Style::Etat;
        cs.frais = Some("la Ville de Paris".into());
    });
    has(&d, "PREMIER AVENANT");
    has(&d, "La convention de partenariat entre la Ville de Paris et la Ville de Vitry-sur-Seine est modifiée conformément aux dispositions figurant en annexe au présent avenant.");
    has(&d, "Le présent avenant entre en vigueur dès son approbation par décret.");
    has(&d, "Les frais de publication du présent avenant sont à la charge de la Ville de Paris.");
    has(&d, "ANNEXE");
    // A number is quoted with what it counts.
    has(&d, "À l’article 2, les mots : « trois ans » sont remplacés par les mots : « cinq ans ».");
    assert!(!d.text.contains("demeurent inchangées") && !d.text.contains("exemplaires originaux"), "{}", d.text);
}

#[test]
fn a_repealed_article_is_drafted_as_its_repeal() {
    let old = Conv::new(vec![("1er", "Objet", vec![A1]), ("2", "Comité", vec![A2, A4]), ("3", "Durée", vec![A3])]);
    let new = Conv::new(vec![
        ("1er", "Objet", vec![A1]),
        ("2", "Comité", vec!["(article abrogé)"]),
        ("3", "Durée", vec![A3]),
    ]);
    let d = draft(&old, &new);
    has(&d, "L’article 2 est abrogé.");
}

#[test]
fn an_annex_rewritten_whole_is_replaced_by_the_one_joined() {
    let old = Conv::new(vec![
        ("1er", "Objet", vec![A1]),
        ("Annexe 1", "Devis", vec!["Nom du praticien.", "Date du devis.", "Montant des honoraires."]),
    ]);
    let new = Conv::new(vec![
        ("1er", "Objet", vec![A1]),
        (
            "Annexe 1",
            "Devis",
            vec![
                "Identification du praticien et du patient.",
                "Description du traitement proposé.",
                "Honoraires et base de remboursement.",
            ],
        ),
    ]);
    let d = draft(&old, &new);
    has(&d, "L’annexe 1 est remplacée par l’annexe jointe au présent avenant.");
    has(&d, "ANNEXE AU PRÉSENT AVENANT");
    has(&d, "Description du traitement proposé.");
}

#[test]
fn an_article_repealed_before_is_not_repealed_again() {
    // A consolidated text keeps « (article abrogé) » where an earlier
    // avenant repealed an article: amending another article must not
    // repeal it a second time.
    let old = Conv::new(vec![
        ("1er", "Objet", vec![A1]),
        ("2", "Comité", vec!["(article abrogé)"]),
        ("3", "Durée", vec![A3]),
    ]);
    let new = Conv::new(vec![("1er", "Objet", vec![A1]), ("2", "Comité", vec!["(article abrogé)"]), ("3", "Durée", vec!["La présente convention est conclue pour une durée de cinq ans à compter de sa signature par les parties."])]);
    let d = draft(&old, &new);
    assert!(!d.text.contains("abrogé"), "{}", d.text);
    assert_eq!(d.cs.operations.len(), 1, "{:#?}", d.cs.operations);
}

// ---- The drafting defects found against real avenants (issue 23) ---------

/// Drafts the avenant from two texts as a legal service writes them
/// (Markdown, imported), and checks what every draft must give: the change
/// set reads back through `load` (its own checks), applies without refusal,
/// gives the new text, and its words, read by the prose reader, give it too.
fn draft_md(old: &str, new: &str) -> Drafted {
    let dir = tempfile::tempdir().unwrap();
    let o = crate::common::import_text(old, "old.md");
    let n = crate::common::import_text(new, "new.md");
    let cs = avenant::draft::draft(&o, &n, &DraftOptions { numero: None, base_name: "old".into() })
        .unwrap_or_else(|e| panic!("refused: {}", e));
    let path = dir.path().join("a.json");
    std::fs::write(&path, avenant::to_json(&cs)).unwrap();
    let read_back =
        avenant::load(&path).unwrap_or_else(|e| panic!("the drafted change set is refused when read: {}", e));
    assert_eq!(read_back, cs);
    let applied = avenant::apply::apply(&o, &cs, &path, &ApplyOptions::default()).unwrap();
    let reading = |s: &Source| crate::prose::reading(&assemble(s, &BuildOptions::default()).unwrap());
    assert_eq!(crate::prose::first_difference(&reading(&applied), &reading(&n)), None, "{:#?}", cs.operations);
    let doc = avenant::document::build(&o, &cs, &path).unwrap();
    let text = clausier::write::to_text(&doc).replace(['\u{a0}', '\u{202f}'], " ");
    prose_gives_the_new_text(&o, &n, &text);
    Drafted { cs, text, _dir: dir }
}

fn lacks(d: &Drafted, s: &str) {
    assert!(!d.text.contains(s), "« {} » in\n{}", s, d.text);
}

const SOMMAIRE: &str = "# CONVENTION DE PARTENARIAT\n\nSOMMAIRE\n\nArticle 1 – Objet ..... 2\n\nArticle 2 – Comité de suivi ..... 3\n\nI. – Composition ..... 3\n\nII. – Réunions ..... 3\n\nArticle 3 – Durée ..... 4\n\nIl a été convenu ce qui suit :\n\n## Article 1 – Objet\n\nLes parties conviennent de coopérer sur les sujets communs.\n\n## Article 2 – Comité de suivi\n\n### I. – Composition\n\nLe comité comprend quatre membres.\n\n### II. – Réunions\n\nLe comité se réunit chaque année.\n\n## Article 3 – Durée\n\nLa convention est conclue pour trois ans.\n";

#[test]
fn a_heading_renamed_but_not_in_its_sommaire_line_is_one_renaming() {
    // With page numbers, and without: the sommaire neither blocks nor steers.
    for old in [SOMMAIRE.to_string(), SOMMAIRE.replace(" ..... 2", "").replace(" ..... 3", "").replace(" ..... 4", "")]
    {
        let new = old.replace("## Article 2 – Comité de suivi", "## Article 2 – Comité de pilotage");
        let d = draft_md(&old, &new);
        assert_eq!(d.cs.operations.len(), 1, "{:#?}", d.cs.operations);
        has(&d, "L’intitulé de l’article 2 est ainsi rédigé :");
        lacks(&d, "en-tête");
    }
}

#[test]
fn a_division_inserted_before_its_siblings_with_the_sommaire_left_as_it_was() {
    let new = SOMMAIRE
        .replace("### I. – Composition", "### I. – Mission\n\nLe comité suit la coopération.\n\n### II. – Composition")
        .replace("### II. – Réunions", "### III. – Réunions");
    let d = draft_md(SOMMAIRE, &new);
    lacks(&d, "en-tête");
    has(&d, "il est inséré un III ainsi rédigé :");
}

#[test]
fn an_annex_whose_heading_line_and_text_change_is_replaced_whole() {
    // The heading line becomes a 190-character line in capitals, which the
    // import reads as the annex's first alinéa: the annex keeps its label
    // alone, and no `rename_division` with an empty title is ever drafted.
    let old = "# CONVENTION RÉGIONALE\n\nIl a été convenu ce qui suit :\n\n## Article 1er – Objet\n\nLa présente convention fixe les objectifs régionaux.\n\n# Annexe V\n\nOBJECTIFS RÉGIONAUX\n\nLes objectifs sont fixés par région.\n\nIls sont révisés chaque année.\n";
    let new = "# CONVENTION RÉGIONALE\n\nIl a été convenu ce qui suit :\n\n## Article 1er – Objet\n\nLa présente convention fixe les objectifs régionaux.\n\n# Annexe V\n\nOBJECTIFS RÉGIONAUX DE MAÎTRISE MÉDICALISÉE DES DÉPENSES DE TRANSPORT ET D'ÉVOLUTION DES PRESCRIPTIONS HOSPITALIÈRES EXÉCUTÉES EN VILLE, FIXÉS PAR LES PARTIES SIGNATAIRES POUR LES ANNÉES 2012 ET 2013\n\nLes objectifs de maîtrise sont fixés par les commissions régionales.\n\nIls sont évalués à la fin de chaque semestre.\n";
    let d = draft_md(old, new);
    has(&d, "L’annexe V est remplacée par l’annexe jointe au présent avenant.");
    assert!(!d.cs.operations.iter().any(|op| matches!(op, Operation::RenameDivision { .. })), "{:#?}", d.cs.operations);
    let annex = &d.text[d.text.find("ANNEXE AU PRÉSENT AVENANT").unwrap()..];
    assert!(annex.contains("OBJECTIFS RÉGIONAUX DE MAÎTRISE"), "{}", annex);
}

#[test]
fn a_renumbering_says_devient_with_one_point() {
    let old = "# CONVENTION\n\n## Article 1er – Objet\n\n### 1. Principes\n\nLes parties coopèrent.\n\n### 2. Moyens\n\nChaque partie y consacre ses services.\n";
    let new = old.replace("### 2. Moyens", "### 3. Moyens");
    let d = draft_md(old, &new);
    has(&d, "Le 2. de l’article 1er devient le 3.");
    lacks(&d, "3..");
}

const ABROGE: &str = "# CONVENTION DE PARTENARIAT\n\nIl a été convenu ce qui suit :\n\n## Article 27 – Comité\n\nLe comité se réunit chaque année.\n\n## Article 28 – Contrôle\n\nLes parties contrôlent l'exécution de la convention.\n\nElles en rendent compte chaque année.\n\n## Article 29 – Durée\n\nLa convention est conclue pour trois ans.\n";

#[test]
fn a_repeal_is_told_from_a_rewrite_by_what_is_left_whatever_became_of_the_title_line() {
    let body = "Les parties contrôlent l'exécution de la convention.\n\nElles en rendent compte chaque année.\n";
    let shapes = [
        // The title line gone, the mention under the label.
        ("## Article 28 – Contrôle\n\n".to_string() + body, "## Article 28\n\n(Article abrogé)\n".to_string()),
        // The title line kept.
        ("## Article 28 – Contrôle\n\n".to_string() + body, "## Article 28 – Contrôle\n\n(Supprimé)\n".to_string()),
        // Nothing left but the label.
        ("## Article 28 – Contrôle\n\n".to_string() + body, "## Article 28\n".to_string()),
    ];
    for (from, to) in shapes {
        let d = draft_md(ABROGE, &ABROGE.replace(&from, &to));
        assert!(
            d.text.contains("L’article 28 est abrogé.") || d.text.contains("L’article 28 est supprimé."),
            "{}",
            d.text
        );
        lacks(&d, "L’intitulé");
        lacks(&d, "« (");
    }
}

const LISTE: &str = "# CONVENTION DE PARTENARIAT\n\nIl a été convenu ce qui suit :\n\n## Article 1er – Objet\n\nLes parties s'engagent à :\n\n― publier la convention ;\n\n― informer les habitants de la convention.\n\n## Article 2 – Durée\n\nLa convention est conclue pour trois ans, à compter de sa signature.\n\nElle est renouvelable une fois.\n";

#[test]
fn a_list_completed_is_one_formula_and_a_final_point_is_named_not_quoted() {
    let new = LISTE.replace(
        "― informer les habitants de la convention.",
        "― informer les habitants de la convention ;\n\n― évaluer la coopération.",
    );
    let d = draft_md(LISTE, &new);
    assert_eq!(d.cs.operations.len(), 1, "{:#?}", d.cs.operations);
    has(&d, "Le dernier alinéa de l’article 1er est remplacé par deux alinéas ainsi rédigés :");
    lacks(&d, "« convention. »");
    // Alone, the final point changed is named.
    let new = LISTE.replace("Elle est renouvelable une fois.", "Elle est renouvelable une fois ;");
    let d = draft_md(LISTE, &new);
    has(&d, "Au second alinéa de l’article 2, le point final est remplacé par un point-virgule.");
    lacks(&d, "« fois. »");
}

#[test]
fn numbers_and_rates_are_quoted_with_what_they_count() {
    let old = "# CONVENTION\n\n## Article 1er – Résiliation\n\nChaque partie peut résilier la convention moyennant un préavis de trois mois notifié par lettre recommandée.\n\nLe taux de participation de la Ville est fixé à 9,7 % du coût total des travaux engagés par les parties.\n\nLa participation est versée en deux fois.\n";
    let d = draft_md(old, &old.replace("trois mois", "six mois"));
    has(&d, "les mots : « trois mois » sont remplacés par les mots : « six mois »");
    let d = draft_md(old, &old.replace("9,7 %", "10,2 %"));
    has(&d, "le taux : « 9,7 % » est remplacé par le taux : « 10,2 % »");
}

#[test]
fn labels_and_titles_are_quoted_as_the_text_separates_them() {
    // Titles set on the line under their label (« Article 3 » / « Durée »).
    let old = "# CONVENTION\n\nArticle 1\n\nObjet\n\nLa convention organise la coopération.\n\nArticle 2\n\nOuvrages\n\nLes ouvrages sont entretenus par la Ville.\n\nArticle 3\n\nDurée\n\nLa convention est conclue pour trois ans.\n";
    let new = old.replace("Article 3\n\nDurée", "Article 2 bis\n\nRegistre des ouvrages\n\nUn registre des ouvrages est tenu par la Ville.\n\nArticle 3\n\nDurée");
    let d = draft_md(old, &new);
    has(&d, "« Article 2 bis – Registre des ouvrages");
    // A decimal paragraphe under an article: « un paragraphe 9.4 », whose
    // number opens its text.
    let old = "# CAHIER DES CHARGES\n\n## Article 9 – Travaux\n\n9.1. Les travaux sont exécutés par le concessionnaire.\n\n9.2. Les projets sont approuvés par le service du contrôle.\n\n9.3. Les travaux sont réceptionnés contradictoirement.\n\n## Article 10 – Entretien\n\nLes ouvrages sont entretenus par le concessionnaire.\n";
    let new = old.replace(
        "\n\n## Article 10",
        "\n\n9.4. Le concessionnaire tient un registre des travaux exécutés.\n\n## Article 10",
    );
    let d = draft_md(old, &new);
    has(&d, "Après le paragraphe 9.3 de l’article 9, il est inséré un paragraphe 9.4 ainsi rédigé :");
    has(&d, "« 9.4. Le concessionnaire tient un registre des travaux exécutés. »");
}

#[test]
fn the_state_style_keeps_the_case_of_a_citation_in_its_headings() {
    let old = "# CONVENTION\n\n## I. Objet\n\nLa convention organise la coopération.\n\n## II. Actions\n\n### A. Climat\n\n#### 1. Instance\n\n##### i) Comité\n\nLe comité se réunit une fois par semestre.\n\n##### ii) Groupe de travail\n\nLe groupe de travail se réunit une fois par mois pour préparer les réunions.\n";
    let new = old.replace("une fois par mois", "une fois par trimestre");
    let o = crate::common::import_text(old, "old.md");
    let n = crate::common::import_text(&new, "new.md");
    let mut cs = avenant::draft::draft(&o, &n, &DraftOptions::default()).unwrap();
    cs.style = avenant::ops::Style::Etat;
    let doc = avenant::document::build(&o, &cs, Path::new("a.json")).unwrap();
    let text = clausier::write::to_text(&doc).replace(['\u{a0}', '\u{202f}'], " ");
    assert!(text.contains("\nii) du 1. du A du II\n"), "{}", text);
    assert!(!text.contains("Ii)"), "{}", text);
    prose_gives_the_new_text(&o, &n, &text);
}

#[test]
fn an_avenant_to_an_avenant_titled_in_capitals_names_it_as_a_legiste_does() {
    let mut old = Conv::new(vec![
        ("1er", "Objet", vec!["Le présent avenant fixe les tarifs des transporteurs sanitaires privés.", A3]),
        ("2", "Durée", vec![A3]),
    ]);
    old.nature = "l’avenant";
    old.title = "AVENANT N° IV À LA CONVENTION NATIONALE DES TRANSPORTEURS SANITAIRES PRIVÉS";
    let mut new = Conv::new(vec![
        ("1er", "Objet", vec!["Le présent avenant fixe les tarifs des transporteurs sanitaires privés.", A3]),
        ("2", "Durée", vec!["La présente convention est conclue pour une durée de cinq ans à compter de sa signature par les parties."]),
    ]);
    new.nature = old.nature;
    new.title = old.title;
    let d = draft(&old, &new);
    has(&d, "AVENANT N° 1\n\nÀ L’AVENANT N° IV À LA CONVENTION NATIONALE DES TRANSPORTEURS SANITAIRES PRIVÉS");
    has(&d, "Vu l’avenant n° IV à la convention nationale des transporteurs sanitaires privés, signé le");
    has(&d, "Les autres stipulations de l’avenant n° IV demeurent inchangées.");
    lacks(&d, "« AVENANT");
}

const TARIFS: &str = "# CAHIER DES CHARGES DE LA CONCESSION\n\n## Article 25 – Tarifs de péage\n\n25.1. Les tarifs sont fixés par la société concessionnaire.\n\n25.2. ― I. ― Les tarifs de péage sont fixés chaque année.\n\nIls sont publiés au recueil des actes administratifs.\n\n25.2. ― II. ― Les tarifs évoluent selon la formule suivante :\n\n― TR1 = TR0 × In\n\navec In = (in-1/in-2) ― 1, où in est l'indice des prix.\n\nCette formule s'applique jusqu'au 31 décembre 2013.\n\n― les tarifs sont arrondis au centime ;\n\n― les tarifs sont affichés aux gares de péage.\n\nUn contrat de plan est conclu entre l'Etat et la société concessionnaire.\n\nIl fixe les investissements.\n\nUn an au moins avant l'expiration du contrat de plan en vigueur, l'Etat et la société concessionnaire font le point sur l'exécution du contrat de plan.\n\n25.3. Les tarifs sont affichés.\n";

#[test]
fn alineas_are_counted_as_the_circulaire_counts_them_and_cited_by_the_text_s_own_labels() {
    // « 25.2. ― II. ― » is the II of the one paragraphe 25.2, and the line
    // after a formula's tiret (« avec In = … ») is its own alinéa: the
    // insertion falls after the eighth alinéa, as the published avenant
    // says (« après le huitième alinéa du paragraphe 25.2.II »).
    let new = TARIFS.replace(
        "Il fixe les investissements.\n",
        "Il fixe les investissements.\n\nPour les années 2011 et 2012, l'augmentation des tarifs de péage est majorée de 0,33 %.\n",
    );
    let d = draft_md(TARIFS, &new);
    has(&d, "Après le huitième alinéa du paragraphe 25.2.II de l’article 25, il est inséré un alinéa ainsi rédigé :");
    lacks(&d, "second paragraphe 25.2");
}

const POINTS: &str = "# CONVENTION DE PARTENARIAT\n\nIl a été convenu ce qui suit :\n\n## Article 4 – Obligations des parties\n\n### I. – Principes\n\nLes parties coopèrent de bonne foi.\n\n### II. – Engagements\n\nLes parties s'engagent comme suit :\n\n§ 1. La Ville met ses services à disposition.\n\n§ 2. La société réalise les études préalables.\n\n§ 3. Les parties financent les travaux à parts égales.\n\n### III. – Suivi\n\nLe comité suit l'exécution de la convention.\n\n### IV. – Durée\n\nLa convention est conclue pour trois ans.\n";

#[test]
fn the_structure_an_amendment_cites_is_the_old_text_s() {
    // The new alinéa cites « au point II, § 3 »: the new text alone would
    // make the § divisions; they stay alinéas of the II the old text has,
    // and nothing else is rewritten.
    let new = POINTS.replace(
        "Le comité suit l'exécution de la convention.\n",
        "Le comité suit l'exécution de la convention.\n\nIl vérifie l'achèvement des travaux prévus au point II, § 3.\n",
    );
    let n = crate::common::import_text(&new, "new.md");
    let doc = assemble(&n, &BuildOptions::default()).unwrap();
    assert!(
        doc.all_divisions().iter().any(|d| d.label.as_deref().is_some_and(|l| l.starts_with('§'))),
        "the new text alone makes the § divisions"
    );
    let d = draft_md(POINTS, &new);
    assert_eq!(d.cs.operations.len(), 1, "{:#?}", d.cs.operations);
    has(&d, "Le III de l’article 4 est complété par un alinéa ainsi rédigé :");
    lacks(&d, "est ainsi rédigé");
}

#[test]
fn the_prose_reader_can_fail() {
    // Words other than the avenant's give another text; a sentence no
    // formula reads is refused: the round trip proves something.
    let old = Conv::new(vec![("1er", "Objet", vec![A1, A3])]);
    let six = A3.replace("trois ans", "six ans");
    let new = Conv::new(vec![("1er", "Objet", vec![A1, &six])]);
    let d = draft(&old, &new);
    let dir = tempfile::tempdir().unwrap();
    let (o, n) = (old.write(&dir.path().join("old")), new.write(&dir.path().join("new")));
    let (o, n) = (assemble(&o, &BuildOptions::default()).unwrap(), assemble(&n, &BuildOptions::default()).unwrap());
    let want = crate::prose::reading(&n);
    assert_eq!(crate::prose::apply_prose(&o, &d.text).unwrap(), want);
    let altered = d.text.replace("« six ans »", "« sept ans »");
    assert_ne!(altered, d.text);
    assert_ne!(crate::prose::apply_prose(&o, &altered).unwrap(), want);
    let unread = d.text.replace("sont remplacés par", "sont échangés contre");
    assert!(crate::prose::apply_prose(&o, &unread).is_err());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(12)
    ))]

    /// The seed, whose sommaire lists its headings with their pages, edited
    /// with its sommaire left behind: a heading renamed, or a division
    /// inserted after one. The draft never fails (no « internal error », no
    /// refusal), and what it drafts gives the new text.
    #[test]
    fn a_sommaire_left_behind_never_blocks_a_draft(pick in 0usize..64, insert in proptest::prelude::any::<bool>()) {
        let seed = crate::common::seed();
        let heads: Vec<usize> = seed
            .lines()
            .enumerate()
            .filter(|(k, l)| *k > 30 && l.starts_with('#') && !l.contains("Préambule"))
            .map(|(k, _)| k)
            .collect();
        let at = heads[pick % heads.len()];
        let mut lines: Vec<String> = seed.lines().map(str::to_string).collect();
        if insert {
            let hashes: String = lines[at].chars().take_while(|c| *c == '#').collect();
            lines.insert(at, format!("{} **Dispositions nouvelles**\n\nLes parties se concertent chaque année.\n", hashes));
        } else {
            let hashes: String = lines[at].chars().take_while(|c| *c == '#').collect();
            let label = lines[at].trim_start_matches('#').trim().trim_matches('*').split_whitespace().next().unwrap_or("").to_string();
            lines[at] = format!("{} **{} Intitulé renouvelé du comité**", hashes, label);
        }
        let new = lines.join("\n") + "\n";
        let o = crate::common::import_text(&seed, "old.md");
        let n = crate::common::import_text(&new, "new.md");
        let cs = avenant::draft::draft(&o, &n, &DraftOptions::default());
        proptest::prop_assert!(cs.is_ok(), "line {}: {}", at, cs.err().map(|e| e.to_string()).unwrap_or_default());
        let cs = cs.unwrap();
        let applied = avenant::apply::apply(&o, &cs, Path::new("a.json"), &ApplyOptions::default()).unwrap();
        let reading = |s: &Source| crate::prose::reading(&assemble(s, &BuildOptions::default()).unwrap());
        proptest::prop_assert_eq!(crate::prose::first_difference(&reading(&applied), &reading(&n)), None);
        // Nothing of the sommaire reaches the parts around the divisions.
        proptest::prop_assert!(!cs.operations.iter().any(|op| serde_json::to_value(op).unwrap().get("part").is_some()), "{:#?}", cs.operations);
    }
}
