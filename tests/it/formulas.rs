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
