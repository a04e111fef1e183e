//! Avenants re-drafted from real texts of the Journal officiel: a text as
//! first published and as consolidated after its avenants (both imported as
//! a legal service would), drafted the way a légiste would, and applied
//! back to give the consolidated text over the whole document.
//!
//! The expectations are the formulas the real amending texts use for those
//! changes (abrogations, renamed chapters, vocabulary changes, an annex
//! replaced by the one joined to the avenant), stated as general rules.

use crate::common::{clausier, root};
use clausier::render::{assemble, BuildOptions};
use clausier::source::Source;
use std::path::{Path, PathBuf};

fn corpus(name: &str) -> PathBuf {
    root().join("tests/fixtures/corpus").join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ok(args: &[&str]) {
    let r = clausier(args);
    assert!(r.status.success(), "{:?}: {}", args, String::from_utf8_lossy(&r.stderr));
}

struct Pair {
    text: String,
    dir: tempfile::TempDir,
}

/// Imports both versions, drafts the avenant, applies it and checks that it
/// gives the new version word for word; returns the avenant as text.
fn redraft(old: &str, new: &str) -> Pair {
    let dir = tempfile::tempdir().unwrap();
    let (v1, v2, cs, applied, txt) = (
        dir.path().join("v1"),
        dir.path().join("v2"),
        dir.path().join("a.json"),
        dir.path().join("applied"),
        dir.path().join("a.txt"),
    );
    ok(&["import", s(&corpus(old)), "-o", s(&v1)]);
    ok(&["import", s(&corpus(new)), "-o", s(&v2)]);
    ok(&["avenant", "draft", s(&v1), s(&v2), "-o", s(&cs)]);
    ok(&["avenant", "apply", s(&v1), s(&cs), "-o", s(&applied)]);
    let canon = |p: &Path| {
        clausier::fingerprint::canonical_text(&assemble(&Source::load(p).unwrap(), &BuildOptions::default()).unwrap())
    };
    let (got, want) = (canon(&applied), canon(&v2));
    if got != want {
        let first = got.lines().zip(want.lines()).find(|(a, b)| a != b);
        panic!("the avenant applied does not give the consolidated text; first difference: {:?}", first);
    }
    ok(&["avenant", "build", s(&v1), s(&cs), "-o", s(&txt)]);
    let text = std::fs::read_to_string(&txt).unwrap().replace(['\u{a0}', '\u{202f}'], " ");
    // The avenant's words, read and applied to the old text, give the new one.
    crate::formulas::prose_gives_the_new_text(&Source::load(&v1).unwrap(), &Source::load(&v2).unwrap(), &text);
    Pair { text, dir }
}

fn has(p: &Pair, formula: &str) {
    assert!(p.text.contains(formula), "missing « {} » in\n{}", formula, p.text);
}

/// The articles of the avenant, numbered in order from « Article 1er ».
fn articles_in_order(text: &str) {
    let heads: Vec<&str> = text.lines().filter(|l| l.starts_with("Article ")).collect();
    assert!(!heads.is_empty(), "{}", text);
    for (k, h) in heads.iter().enumerate() {
        let n = if k == 0 { "1er".to_string() } else { (k + 1).to_string() };
        assert!(h.starts_with(&format!("Article {} ", n)), "article {} is « {} »", k + 1, h);
    }
}

#[test]
fn the_1952_cahier_des_charges_is_amended_as_its_consolidation_reads() {
    let p = redraft(
        "1952-cahier-charges-type-transport-gaz-v1-original.md",
        "1952-cahier-charges-type-transport-gaz-v2-consolide.md",
    );
    articles_in_order(&p.text);
    // An article left as « (article abrogé) » is repealed, not quoted.
    has(&p, "L’article 11 est abrogé.");
    has(&p, "L’article 33 est abrogé.");
    assert!(!p.text.contains("« (article"), "a repeal mention quoted:\n{}", p.text);
    // Consecutive articles left as one mention are repealed together.
    has(&p, "Les articles 23 à 26 sont abrogés.");
    has(&p, "Les articles 29 à 31 sont abrogés.");
    assert!(!p.text.contains("Insertion"), "a repeal drafted as an insertion:\n{}", p.text);
    // A renamed chapter.
    has(&p, "L’intitulé du chapitre Ier est ainsi rédigé :");
    // The vocabulary of the reform, one formula per change, with the
    // alinéas of one article cited together.
    has(&p, "le mot : « concessionnaire » est remplacé par les mots : « titulaire de l’autorisation ».");
    has(&p, "Aux deuxième, quatrième, sixième et septième alinéas de l’article 2");
    // « Sont à la charge … : » before a 1° and a 2° is the first alinéa of
    // article 9: rewriting « l'article 9 » would repeal its 1° and 2°.
    assert!(!p.text.contains("L’article 9 est ainsi rédigé"), "{}", p.text);
    // The text has two « Art. 20. » (the second is the 28th): each is
    // cited so that it cannot be taken for the other.
    has(&p, "second article 20 devient l’article 28");
    assert!(!p.text.contains("L’article 20 "), "an ambiguous « article 20 »:\n{}", p.text);
    drop(p.dir);
}

#[test]
fn an_annex_rewritten_whole_is_replaced_by_the_annex_joined_to_the_avenant() {
    let p = redraft(
        "2006-chirurgiens-dentistes-convention-annexe-III-v1-original.md",
        "2006-chirurgiens-dentistes-convention-annexe-III-consolide.md",
    );
    has(&p, "L’annexe III est remplacée par l’annexe jointe au présent avenant.");
    has(&p, "ANNEXE AU PRÉSENT AVENANT");
    // The joined annex carries the new text, after the avenant's articles.
    let annex = &p.text[p.text.find("ANNEXE AU PRÉSENT AVENANT").unwrap()..];
    let new = std::fs::read_to_string(corpus("2006-chirurgiens-dentistes-convention-annexe-III-consolide.md")).unwrap();
    // Every word of the new annex, in order.
    crate::common::assert_keeps_every_word(&new[new.find("Dans le devis").unwrap()..], annex);
    // No article quotes the annex line by line.
    assert!(p.text.matches("« ").count() < 5, "{}", p.text);
}

/// The orthoptistes' avenant n° 8 replaces one alinéa of article 23 by two:
/// its base is not in the corpus, so the base article is written here with
/// a fourth alinéa in the style of the convention, and the new text takes
/// the two real alinéas of the avenant.
#[test]
fn one_alinea_replaced_by_two_as_the_orthoptistes_avenant_8_does() {
    let avenant = std::fs::read_to_string(corpus("2011-orthoptistes-avenant-8.md")).unwrap();
    let body = &avenant
        [avenant.find("remplacé par les dispositions suivantes :").unwrap()..avenant.find("Fait à Paris").unwrap()];
    let replacement: Vec<&str> = body.lines().skip(1).map(str::trim).filter(|l| !l.is_empty()).collect();
    assert_eq!(replacement.len(), 2);
    let before = [
        "Les caisses participent au financement des cotisations dues par les orthoptistes conventionnés au titre de leurs avantages sociaux.",
        "Cette participation est fixée dans les conditions prévues par les textes en vigueur.",
        "Au titre du régime d'assurance maladie, la participation des caisses est calculée sur le montant des honoraires conventionnels.",
        "Au titre du régime des avantages complémentaires de vieillesse, la participation des caisses est égale aux deux tiers de la cotisation forfaitaire.",
        "Les caisses versent leur participation directement aux organismes concernés.",
    ];
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, alineas: &[&str]| {
        let d = dir.path().join(name);
        std::fs::create_dir_all(&d).unwrap();
        let md = format!("# CONVENTION NATIONALE DES ORTHOPTISTES\n\n## TITRE VIII DES DISPOSITIONS SOCIALES\n\n### Article 22\n\nLes dispositions du présent titre s'appliquent aux orthoptistes conventionnés.\n\n### Article 23\n\n{}\n", alineas.join("\n\n"));
        std::fs::write(dir.path().join(format!("{}.md", name)), md).unwrap();
        ok(&["import", s(&dir.path().join(format!("{}.md", name))), "-o", s(&d.join("src"))]);
        d.join("src")
    };
    let old = write("old", &before);
    let mut after: Vec<&str> = before.to_vec();
    after.splice(3..4, replacement.iter().copied());
    let new = write("new", &after);
    let (cs, txt, applied) = (dir.path().join("a.json"), dir.path().join("a.txt"), dir.path().join("applied"));
    ok(&["avenant", "draft", s(&old), s(&new), "-o", s(&cs)]);
    ok(&["avenant", "apply", s(&old), s(&cs), "-o", s(&applied)]);
    let canon = |p: &Path| {
        clausier::fingerprint::canonical_text(&assemble(&Source::load(p).unwrap(), &BuildOptions::default()).unwrap())
    };
    assert_eq!(canon(&applied), canon(&new));
    ok(&["avenant", "build", s(&old), s(&cs), "-o", s(&txt)]);
    let text = std::fs::read_to_string(&txt).unwrap().replace(['\u{a0}', '\u{202f}'], " ");
    crate::formulas::prose_gives_the_new_text(&Source::load(&old).unwrap(), &Source::load(&new).unwrap(), &text);
    assert!(
        text.contains("Le quatrième alinéa de l’article 23 est remplacé par deux alinéas ainsi rédigés :"),
        "{}",
        text
    );
    assert!(text.contains(&format!("« {}", replacement[1].replace('\'', "’"))), "{}", text);
}

/// Drafts OLD → NEW (texts, imported in memory), checks that the change set
/// reads back, applies, gives the new text as read, and that its words,
/// read by the prose reader, give it too; returns the avenant's text.
fn redraft_texts(old: &str, new: &str) -> (clausier::avenant::ChangeSet, String) {
    use clausier::avenant;
    let dir = tempfile::tempdir().unwrap();
    let o = crate::common::import_text(old, "old.md");
    let n = crate::common::import_text(new, "new.md");
    let cs = avenant::draft::draft(&o, &n, &Default::default()).unwrap_or_else(|e| panic!("refused: {}", e));
    let path = dir.path().join("a.json");
    std::fs::write(&path, avenant::to_json(&cs)).unwrap();
    avenant::load(&path).unwrap();
    let applied = avenant::apply::apply(&o, &cs, &path, &Default::default()).unwrap();
    let reading = |s: &Source| crate::prose::reading(&assemble(s, &BuildOptions::default()).unwrap());
    assert_eq!(crate::prose::first_difference(&reading(&applied), &reading(&n)), None);
    let text = clausier::write::to_text(&avenant::document::build(&o, &cs, &path).unwrap())
        .replace(['\u{a0}', '\u{202f}'], " ");
    crate::formulas::prose_gives_the_new_text(&o, &n, &text);
    (cs, text)
}

#[test]
fn an_alinea_citing_a_paragraph_of_the_unedic_convention_leaves_its_structure_as_it_was() {
    // The § of the Unédic convention are alinéas of their articles; a new
    // alinéa citing « le § 3 de l'article 2 » would make them divisions of
    // the new text only: the avenant cites the old text's structure, and is
    // one insertion.
    let old = std::fs::read_to_string(corpus("2009-unedic-convention-19-fevrier-2009.md")).unwrap();
    let anchor = "Contributions/Ressources\n";
    assert!(old.contains(anchor));
    let new = old.replacen(
        anchor,
        &format!("{}\nLe cumul prévu au § 3 de l’article 2 est financé par ces contributions.\n", anchor),
        1,
    );
    let (cs, text) = redraft_texts(&old, &new);
    assert_eq!(cs.operations.len(), 1, "{:#?}", cs.operations);
    assert!(text.contains("Au début de l’article 3, il est ajouté un alinéa ainsi rédigé :"), "{}", text);
}

#[test]
fn an_avenant_to_the_transporteurs_avenant_n_6_names_it_as_a_legiste_does() {
    // The old text is itself an avenant, titled in capitals: it is named
    // « l'avenant n° 6 à la convention nationale des transporteurs
    // sanitaires privés », in sentence case, never quoted in capitals.
    let old = std::fs::read_to_string(corpus("2011-transporteurs-sanitaires-avenant-6.md")).unwrap();
    let new = old.replacen("avant la fin 2011", "avant la fin 2012", 1);
    let (_, text) = redraft_texts(&old, &new);
    assert!(text.contains("Les autres stipulations de l’avenant n° 6 demeurent inchangées."), "{}", text);
    assert!(text.contains("l’avenant n° 6 à la convention nationale des transporteurs sanitaires privés"), "{}", text);
    assert!(!text.contains("« AVENANT"), "{}", text);
    assert!(text.contains("Vu l’avenant n° 6 à la convention nationale des transporteurs sanitaires privés, signé le 26 juillet 2011 ;"), "{}", text);
    assert!(
        // An avenant to an avenant names both: the article is the amended
        // avenant's, not the new one's.
        text.contains(
            "Au premier alinéa de l’article 2 de l’avenant n° 6, le mot : « 2011 » est remplacé par le mot : « 2012 »."
        ),
        "{}",
        text
    );
}

// ---- Random edits of the corpus texts -----------------------------------

use clausier::model::{inline_text, Alinea, AlineaKind, Division, Document, Inline};
use proptest::prelude::*;

/// The texts the random edits start from, imported once: the corpus and
/// the Paris–Ivry seed.
fn corpus_texts() -> &'static Vec<(String, Source, Document)> {
    static TEXTS: std::sync::OnceLock<Vec<(String, Source, Document)>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(|| {
        [
            "corpus/1952-cahier-charges-type-transport-gaz-v1-original.md",
            "corpus/2009-unedic-convention-19-fevrier-2009.md",
            "corpus/2011-transporteurs-sanitaires-avenant-6.md",
            "corpus/2006-chirurgiens-dentistes-convention-annexe-III-consolide.md",
            "convention-paris-ivry.md",
        ]
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(root().join("tests/fixtures").join(f)).unwrap();
            let src = crate::common::import_text(&text, "old.md");
            let doc = assemble(&src, &BuildOptions::default()).unwrap();
            (f.to_string(), src, doc)
        })
        .collect()
    })
}

/// Every division, depth first, as a path of indices.
fn paths(ds: &[Division], prefix: &[usize], out: &mut Vec<Vec<usize>>) {
    for (k, d) in ds.iter().enumerate() {
        let mut p = prefix.to_vec();
        p.push(k);
        out.push(p.clone());
        paths(&d.children, &p, out);
    }
}

fn division_mut<'a>(ds: &'a mut [Division], p: &[usize]) -> &'a mut Division {
    let d = &mut ds[p[0]];
    if p.len() == 1 {
        d
    } else {
        division_mut(&mut d.children, &p[1..])
    }
}

const WORDS: [&str; 8] = ["comité", "trimestre", "partenaires", "Métropole", "cinq", "régional", "titulaire", "annuel"];

/// One edit a legal service makes, on a division picked by `at`.
fn edit(doc: &mut Document, kind: u8, at: usize, b: usize, c: usize) {
    let mut all = Vec::new();
    paths(&doc.divisions, &[], &mut all);
    if all.is_empty() {
        return;
    }
    let p = all[at % all.len()].clone();
    let d = division_mut(&mut doc.divisions, &p);
    let texts: Vec<usize> =
        (0..d.alineas.len()).filter(|&i| !matches!(d.alineas[i].kind, AlineaKind::Table { .. })).collect();
    let with_text = |f: &mut dyn FnMut(&str) -> String, d: &mut Division| {
        if let Some(&i) = texts.get(b % texts.len().max(1)) {
            let t = inline_text(&d.alineas[i].inlines);
            let new = f(&t);
            if !new.trim().is_empty() {
                d.alineas[i] = Alinea {
                    kind: d.alineas[i].kind.clone(),
                    inlines: vec![Inline::plain(new)],
                    change: Default::default(),
                };
            }
        }
    };
    let word = WORDS[c % WORDS.len()];
    match kind % 12 {
        0 => with_text(&mut |t| replace_word(t, c, word), d),
        1 => with_text(&mut |t| replace_word(t, c, ""), d),
        2 => with_text(&mut |t| replace_word(t, c, &format!("{} et des {}", word_at(t, c), word)), d),
        3 => with_text(
            &mut |t| match t.trim_end().strip_suffix('.') {
                Some(x) => format!("{} ;", x),
                None => format!("{}.", t.trim_end().trim_end_matches([';', ':', ','])),
            },
            d,
        ),
        4 if !texts.is_empty() => {
            d.alineas.remove(texts[b % texts.len()]);
        }
        5 => {
            let at = b % (d.alineas.len() + 1);
            d.alineas.insert(
                at,
                Alinea::paragraph(vec![Inline::plain(format!("Un bilan {} est présenté au comité.", word))]),
            );
        }
        6 if !d.title.is_empty() => d.title = vec![Inline::plain(format!("Dispositions relatives au {}", word))],
        7 if !d.children.is_empty() || p.len() > 1 || doc_top_level(&all) > 1 => {
            let (parent, k) = p.split_at(p.len() - 1);
            let siblings = if parent.is_empty() {
                &mut doc.divisions
            } else {
                &mut division_mut(&mut doc.divisions, parent).children
            };
            if siblings.len() > 1 {
                siblings.remove(k[0]);
            }
        }
        8 => {
            let new = Division {
                id: format!("nouvelle-{}-{}", at, c),
                label: d.label.as_ref().map(|l| bis(l)),
                title: vec![Inline::plain(format!("Disposition sur le {}", word))],
                level: d.level,
                alineas: vec![Alinea::paragraph(vec![Inline::plain("Les parties se concertent chaque année.")])],
                ..Default::default()
            };
            let (parent, k) = p.split_at(p.len() - 1);
            let siblings = if parent.is_empty() {
                &mut doc.divisions
            } else {
                &mut division_mut(&mut doc.divisions, parent).children
            };
            siblings.insert(k[0] + 1, new);
        }
        9 => with_text(&mut |t| renumber_first(t, c), d),
        10 if !texts.is_empty() => {
            let i = texts[b % texts.len()];
            d.alineas[i] = Alinea::paragraph(vec![Inline::plain(format!(
                "Le {} est associé à la mise en œuvre de la convention.",
                word
            ))]);
        }
        11 => with_text(&mut |t| format!("{} Un compte rendu en est établi.", t.trim_end()), d),
        _ => {}
    }
}

fn doc_top_level(all: &[Vec<usize>]) -> usize {
    all.iter().filter(|p| p.len() == 1).count()
}

/// « Article 3 – » → « Article 3 bis – », « 2. » → « 2 bis. ».
fn bis(label: &str) -> String {
    let re = regex::Regex::new(r"\d+(?:er)?|\b[IVXLC]+\b|\b[ivxlc]+\b|\b[A-Za-z]\b").unwrap();
    match re.find(label) {
        Some(m) => format!("{} bis{}", &label[..m.end()], &label[m.end()..]),
        None => format!("{} bis", label),
    }
}

fn word_at(t: &str, c: usize) -> String {
    let w: Vec<&str> = t.split(' ').collect();
    w[c % w.len()].to_string()
}

fn replace_word(t: &str, c: usize, by: &str) -> String {
    let mut w: Vec<String> = t.split(' ').map(str::to_string).collect();
    let k = c % w.len();
    if by.is_empty() {
        w.remove(k);
    } else {
        w[k] = by.to_string();
    }
    w.join(" ")
}

fn renumber_first(t: &str, c: usize) -> String {
    let re = regex::Regex::new(r"\b\d+\b").unwrap();
    re.replace(t, format!("{}", 2 + c % 97)).to_string()
}

fn edits_strategy() -> impl Strategy<Value = (usize, Vec<(u8, usize, usize, usize)>)> {
    (0..5usize, prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()), 1..4))
}

/// PROPTEST_CASES raises the count for a longer run.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(40)))]

    /// Random edits of the corpus texts: the draft is never refused by its
    /// own checks or its own `apply`, it gives the new text, and the
    /// avenant's words, read by the prose reader, give it too.
    #[test]
    fn a_drafted_change_set_applies_and_its_words_give_the_new_text((text, edits) in edits_strategy()) {
        let (name, src, old) = &corpus_texts()[text];
        let mut new = old.clone();
        for (kind, a, b, c) in &edits {
            edit(&mut new, *kind, *a, *b, *c);
        }
        let canon = clausier::fingerprint::canonical_text;
        let drafted = clausier::avenant::draft::draft_from(src, old, &new, &Default::default());
        let cs = match drafted {
            Ok(cs) => cs,
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(canon(old) == canon(&new) || msg.contains("before the first division"), "{}: {:?}: {}", name, edits, msg);
                return Ok(());
            }
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, clausier::avenant::to_json(&cs)).unwrap();
        let read_back = clausier::avenant::load(&path);
        prop_assert!(read_back.is_ok(), "{}: {:?}: {:?}", name, edits, read_back.err().map(|e| e.to_string()));
        let applied = clausier::avenant::apply::apply(src, &cs, &path, &Default::default());
        prop_assert!(applied.is_ok(), "{}: {:?}: refused by its own apply: {}", name, edits, applied.err().map(|e| e.to_string()).unwrap_or_default());
        let applied = assemble(&applied.unwrap(), &BuildOptions::default()).unwrap();
        prop_assert_eq!(canon(&applied), canon(&new));
        let text = clausier::write::to_text(&clausier::avenant::document::build_on(src, old, &cs, &path).unwrap());
        let read = crate::prose::apply_prose(old, &text);
        prop_assert!(read.is_ok(), "{}: {:?}: the prose reader: {}\n{}", name, edits, read.clone().err().unwrap_or_default(), text);
        let want = crate::prose::reading(&new);
        let read = read.unwrap();
        prop_assert!(read == want, "{}: {:?}: {:?}\n{}", name, edits, crate::prose::first_difference(&read, &want), text);
    }
}
