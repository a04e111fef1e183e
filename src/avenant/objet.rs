//! The avenant's objet, drafted from its changes (« de porter la durée de la
//! convention à 3 ans et de compléter les stipulations relatives à la
//! communication »), rather than the tautology « a pour objet de modifier
//! la convention ». A term the calendar counts is named with its new words;
//! every other change by what it does (modifier, compléter, ajouter,
//! supprimer) and the division it does it to — by its title when the noun
//! heading it says its article, else by its citation (« du 1. du A du II »).
//! The legal service may replace it (`facts --set objet=…`).

use super::ops::{ChangeSet, Operation, Target};
use crate::cite::Citer;
use crate::model::{inline_text, Document};
use crate::source::Source;

/// Nouns a division title opens with, and their gender and number, where
/// the ending alone does not say it.
const NOUNS: &[(&str, &str)] = &[
    ("objet", "m"),
    ("pilotage", "m"),
    ("financement", "m"),
    ("comité", "m"),
    ("suivi", "m"),
    ("calendrier", "m"),
    ("bilan", "m"),
    ("contenu", "m"),
    ("périmètre", "m"),
    ("rôle", "m"),
    ("montant", "m"),
    ("budget", "m"),
    ("programme", "m"),
    ("projet", "m"),
    ("partenariat", "m"),
    ("dispositif", "m"),
    ("règlement", "m"),
    ("contrôle", "m"),
    ("délai", "m"),
    ("terme", "m"),
    ("litige", "m"),
    ("préambule", "m"),
    ("principe", "m"),
    ("observatoire", "m"),
    ("site", "m"),
    ("secteur", "m"),
    ("territoire", "m"),
    ("champ", "m"),
    ("cadre", "m"),
    ("mode", "m"),
    ("transfert", "m"),
    ("personnel", "m"),
    ("siège", "m"),
    ("service", "m"),
    ("accès", "m"),
    ("usage", "m"),
    ("prix", "m"),
    ("tarif", "m"),
    ("plan", "m"),
    ("régime", "m"),
    ("statut", "m"),
    ("état", "m"),
    ("entretien", "m"),
    ("durée", "f"),
    ("mise", "f"),
    ("gouvernance", "f"),
    ("annexe", "f"),
    ("entrée", "f"),
    ("étude", "f"),
    ("convention", "f"),
    ("instance", "f"),
    ("date", "f"),
    ("prise", "f"),
    ("clause", "f"),
    ("charte", "f"),
    ("période", "f"),
    ("réunion", "f"),
    ("démarche", "f"),
    ("politique", "f"),
    ("stratégie", "f"),
    ("enveloppe", "f"),
    ("communication", "f"),
    ("moyens", "p"),
    ("ressources", "p"),
    ("modalités", "p"),
    ("frais", "p"),
    ("biens", "p"),
    ("locaux", "p"),
    ("travaux", "p"),
    ("données", "p"),
];

/// Words that end like a noun of one gender but are of the other.
const EXCEPTIONS: &[(&str, &str)] =
    &[("comité", "m"), ("traité", "m"), ("côté", "m"), ("été", "m"), ("page", "f"), ("image", "f"), ("plage", "f")];

/// The gender and number of a noun, from the list or its ending: `m`, `f`,
/// `p` (plural); None when neither says.
fn gender(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    if let Some((_, g)) = NOUNS.iter().chain(EXCEPTIONS).find(|(n, _)| *n == w) {
        return Some(g);
    }
    let singular = |w: &str| -> Option<&'static str> {
        if let Some((_, g)) = NOUNS.iter().chain(EXCEPTIONS).find(|(n, _)| *n == w) {
            return Some(g);
        }
        let f = ["tion", "sion", "aison", "ité", "té", "ure", "ance", "ence"];
        let m = ["ment", "age", "isme"];
        if f.iter().any(|e| w.ends_with(e)) {
            Some("f")
        } else if m.iter().any(|e| w.ends_with(e)) {
            Some("m")
        } else {
            None
        }
    };
    if let Some(g) = singular(&w) {
        return Some(g);
    }
    let stem = w.strip_suffix('s').or_else(|| w.strip_suffix('x'))?;
    singular(stem).map(|_| "p")
}

/// « relatives à la communication », « relatives au pilotage », « relatives
/// aux ressources », « relatives à l'articulation … »: the title as a
/// subject, when the noun heading it says its article.
fn relatives(title: &str) -> Option<String> {
    let t = title.trim().trim_end_matches([':', '.', ' ', ';']);
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() || letters.iter().filter(|c| c.is_uppercase()).count() * 2 > letters.len() {
        return None;
    }
    let first: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
    let rest = &t[first.len()..];
    let lower = first.to_lowercase();
    let phrase = match lower.as_str() {
        "le" => format!("au{}", rest),
        "les" => format!("aux{}", rest),
        "la" => format!("à la{}", rest),
        "l" if rest.starts_with(['\'', '’']) => format!("à l{}", rest),
        _ => {
            let g = gender(&first)?;
            let noun = format!("{}{}", lower, rest);
            let vowel = lower.chars().next().is_some_and(|c| "aeiouyàâéèêëîïôœùûh".contains(c));
            match (g, vowel) {
                ("p", _) => format!("aux {}", noun),
                (_, true) => format!("à l’{}", noun),
                ("f", false) => format!("à la {}", noun),
                _ => format!("au {}", noun),
            }
        }
    };
    Some(format!("relatives {}", phrase))
}

/// What an operation does, as the objet says it.
fn verb(op: &Operation) -> Option<&'static str> {
    Some(match op {
        Operation::ReplaceWords { .. }
        | Operation::DeleteWords { .. }
        | Operation::ReplaceAlinea { .. }
        | Operation::DeleteAlineas { .. }
        | Operation::ReplaceDivision { .. }
        | Operation::RenameDivision { .. } => "modifier",
        Operation::InsertWords { .. } | Operation::AppendWords { .. } | Operation::InsertAlineas { .. } => "compléter",
        Operation::InsertDivision { .. } => "ajouter",
        Operation::DeleteDivision { .. } => "supprimer",
        Operation::Renumber { .. } | Operation::ReplaceTitle { .. } | Operation::ReplaceEverywhere { .. } => {
            return None
        }
    })
}

/// The terms the avenant changes, with their old and new words: the
/// consolidated source's facts against the old ones.
fn changed_terms(old: &Source, old_doc: &Document, cs: &ChangeSet) -> Vec<(&'static str, String, String)> {
    let m = &old.manifest;
    let value = |m: &crate::source::Manifest, t: &crate::calendar::TermFact| {
        m.variables.get(t.path[0]).and_then(|v| v.get(t.path[1])).and_then(|v| v.as_str()).map(str::to_string)
    };
    if crate::calendar::TERMS.iter().all(|t| value(m, t).is_none()) {
        return Vec::new();
    }
    let opts = super::apply::ApplyOptions { force: true };
    let Ok((new, _)) = super::apply::consolidate(old, old_doc, cs, std::path::Path::new(&cs.base.source), &opts) else {
        return Vec::new();
    };
    crate::calendar::TERMS
        .iter()
        .filter_map(|t| match (value(m, t), value(&new.manifest, t)) {
            (Some(a), Some(b)) if a != b => Some((t.name, a, b)),
            _ => None,
        })
        .collect()
}

/// « la durée de la convention », « le délai de préavis de résiliation ».
fn term_label(name: &str, of: &str) -> String {
    match name {
        "variables.duree.initiale" => format!("la durée {}", of),
        "variables.duree.reconduction" => "la durée de la reconduction tacite".into(),
        _ => "le délai de préavis de résiliation".into(),
    }
}

/// The objet of the avenant `cs` to `old` (whose text is `old_doc`), after
/// « Le présent avenant a pour objet »: « de porter … et de compléter … ».
pub(crate) fn draft(old: &Source, old_doc: &Document, cs: &ChangeSet) -> Option<String> {
    let nature = old.manifest.nature();
    let of = nature.of();
    let terms = changed_terms(old, old_doc, cs);
    let citer = Citer::new(old_doc);
    // Each change: (verb, subject), in the order of the text, once each.
    let mut phrases: Vec<(String, String)> = Vec::new();
    let mut push = |v: &str, subject: String| {
        if !phrases.iter().any(|(a, b)| a == v && *b == subject) {
            phrases.push((v.to_string(), subject));
        }
    };
    for op in &cs.operations {
        // The change of a term is said by the term itself.
        if let Operation::ReplaceWords { words, by, .. } = op {
            if let Some((n, _, b)) =
                terms.iter().find(|(_, a, b)| words.contains(a.as_str()) && by.contains(b.as_str()))
            {
                push("porter", format!("{} à {}", term_label(n, &of), b));
                continue;
            }
        }
        match (op, op.target()) {
            (Operation::ReplaceTitle { .. }, _) => push("modifier", format!("l’intitulé {}", of)),
            (Operation::ReplaceEverywhere { words, by }, _) => {
                push("remplacer", format!("dans l’ensemble {}, les mots « {} » par les mots « {} »", of, words, by))
            }
            (Operation::InsertDivision { title, .. }, _) => {
                // Its words: the objet is printed escaped, never read as Markdown.
                let title = inline_text(title);
                match relatives(&title) {
                    Some(r) => push("ajouter", format!("des stipulations {}", r)),
                    None => push("ajouter", format!("un article « {} »", title.trim())),
                }
            }
            (op, Target::Part(p)) if verb(op).is_some() => push("modifier", p.name().to_string()),
            (op, Target::Division(id)) => {
                let Some(v) = verb(op) else { continue };
                let subject = match old_doc.find(id).and_then(|d| relatives(&inline_text(&d.title))) {
                    Some(r) => format!("les stipulations {}", r),
                    None => format!("les stipulations {}", citer.cite(id).of()),
                };
                push(v, subject);
            }
            _ => {}
        }
    }
    // One verb, several subjects: « de modifier les stipulations relatives
    // à X et à Y ».
    // A term changed by words no operation quotes as such.
    for (n, _, b) in &terms {
        let subject = format!("{} à {}", term_label(n, &of), b);
        if !phrases.iter().any(|(_, s)| *s == subject) {
            phrases.push(("porter".into(), subject));
        }
    }
    let mut said: Vec<String> = Vec::new();
    let mut verbs: Vec<&str> = Vec::new();
    for (v, _) in &phrases {
        if !verbs.contains(&v.as_str()) {
            verbs.push(v);
        }
    }
    for v in verbs {
        let subjects: Vec<&str> = phrases.iter().filter(|(x, _)| x == v).map(|(_, s)| s.as_str()).collect();
        let elide = |v: &str| {
            if v.starts_with(['a', 'e', 'i', 'o', 'u', 'é']) {
                format!("d’{}", v)
            } else {
                format!("de {}", v)
            }
        };
        let relatives: Vec<&str> =
            subjects.iter().filter_map(|s| s.strip_prefix("les stipulations relatives ")).collect();
        if relatives.len() > 1 {
            said.push(format!(
                "{} les stipulations relatives {}",
                elide(v),
                super::wording::join_and(&relatives.iter().map(|r| r.to_string()).collect::<Vec<_>>())
            ));
            for s in subjects.iter().filter(|s| !s.starts_with("les stipulations relatives ")) {
                said.push(format!("{} {}", elide(v), s));
            }
        } else {
            for s in subjects {
                said.push(format!("{} {}", elide(v), s));
            }
        }
    }
    (!said.is_empty()).then(|| super::wording::join_and(&said))
}

/// Gives the change set its drafted objet, recorded as drafted.
pub(crate) fn drafted(old: &Source, old_doc: &Document, cs: &mut ChangeSet) {
    if let Some(o) = draft(old, old_doc, cs) {
        cs.objet = Some(o);
        cs.provenance.insert(
            "objet".into(),
            crate::source::Provenance { origine: crate::source::Origine::Redige, fichier: None, ligne: None },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::relatives;

    #[test]
    fn a_title_becomes_a_subject_when_its_noun_says_its_article() {
        for (t, r) in [
            ("Communication", "relatives à la communication"),
            ("Pilotage", "relatives au pilotage"),
            ("Ressources", "relatives aux ressources"),
            ("Durée de la convention", "relatives à la durée de la convention"),
            ("Mise en place d'un comité technique", "relatives à la mise en place d'un comité technique"),
            ("Articulation avec la convention-cadre", "relatives à l’articulation avec la convention-cadre"),
            ("Modification de la convention :", "relatives à la modification de la convention"),
            ("Financement", "relatives au financement"),
            ("Comité technique", "relatives au comité technique"),
            ("Les engagements des parties", "relatives aux engagements des parties"),
        ] {
            assert_eq!(relatives(t).as_deref(), Some(r), "{}", t);
        }
        for t in [
            "RELEVER LE DÉFI CLIMATIQUE",
            "Tendre vers la réalisation du parc",
            "Pour des politiques communes",
            "Paris Plages",
            "",
        ] {
            assert_eq!(relatives(t), None, "{}", t);
        }
    }
}
