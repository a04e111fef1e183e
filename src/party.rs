//! What kind of body a party is, from its name: its grammatical gender,
//! whether it acts by a deliberation of an assembly, and which assembly.
//!
//! The frames agree with it (« représentée par », « ci-après dénommé »),
//! `check` asks a deliberation only of a party that deliberates, and the
//! councils' documents are written for each assembly in its own form. A
//! fact the text states (`Party::genre`, `Party::delibere`) always wins
//! over these rules; the rules only read the noun that heads the name.

use crate::french::base_letter;
use crate::source::{Genre, Party};

/// A kind of body, by the noun that heads its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyKind {
    /// The noun, without accents, lower case (« commune », « departement »).
    pub noun: &'static str,
    pub genre: Genre,
    /// It acts by a deliberation of an assembly.
    pub deliberates: bool,
    /// The assembly that deliberates for it, as a deliberation names it
    /// (« conseil municipal »), when the noun says which.
    pub assembly: Option<&'static str>,
}

use Genre::{Feminin as F, Masculin as M};

/// Nouns heading the names of parties, longest first where one begins
/// another (« communauté de communes » before « communauté »).
const KINDS: &[(&str, Genre, bool, Option<&str>)] = &[
    // Collectivités territoriales and their groupings.
    ("ville", F, true, Some("conseil municipal")),
    ("commune", F, true, Some("conseil municipal")),
    ("mairie", F, true, Some("conseil municipal")),
    ("metropole", F, true, Some("conseil de la métropole")),
    ("communaute de communes", F, true, Some("conseil communautaire")),
    ("communaute d agglomeration", F, true, Some("conseil communautaire")),
    ("communaute urbaine", F, true, Some("conseil communautaire")),
    ("communaute", F, true, Some("conseil communautaire")),
    ("etablissement public territorial", M, true, Some("conseil de territoire")),
    ("departement", M, true, Some("conseil départemental")),
    ("conseil departemental", M, true, Some("conseil départemental")),
    ("conseil general", M, true, Some("conseil général")),
    ("region", F, true, Some("conseil régional")),
    ("conseil regional", M, true, Some("conseil régional")),
    ("collectivite", F, true, None),
    ("syndicat mixte", M, true, Some("comité syndical")),
    ("syndicat intercommunal", M, true, Some("comité syndical")),
    ("syndicat des transports", M, true, Some("conseil d’administration")),
    // A syndicat named by the public service its members pooled (a basin,
    // water, energy, waste…) is a syndicat of collectivités, as « mixte »
    // or « intercommunal » would say; a bare « syndicat » may be a trade
    // union, which signs without a deliberation.
    ("syndicat de bassin", M, true, Some("comité syndical")),
    ("syndicat du bassin", M, true, Some("comité syndical")),
    ("syndicat de riviere", M, true, Some("comité syndical")),
    ("syndicat des eaux", M, true, Some("comité syndical")),
    ("syndicat d eau", M, true, Some("comité syndical")),
    ("syndicat d assainissement", M, true, Some("comité syndical")),
    ("syndicat d adduction", M, true, Some("comité syndical")),
    ("syndicat d energie", M, true, Some("comité syndical")),
    ("syndicat d electricite", M, true, Some("comité syndical")),
    ("syndicat departemental", M, true, Some("comité syndical")),
    ("syndicat de communes", M, true, Some("comité syndical")),
    ("syndicat d amenagement", M, true, Some("comité syndical")),
    ("syndicat de traitement", M, true, Some("comité syndical")),
    ("syndicat de collecte", M, true, Some("comité syndical")),
    ("parc naturel regional", M, true, Some("comité syndical")),
    ("pole d equilibre territorial", M, true, Some("comité syndical")),
    ("groupement d interet public", M, true, Some("assemblée générale")),
    ("gip", M, true, Some("assemblée générale")),
    ("centre communal d action sociale", M, true, Some("conseil d’administration")),
    ("ccas", M, true, Some("conseil d’administration")),
    ("office public", M, true, Some("conseil d’administration")),
    ("service departemental d incendie", M, true, Some("conseil d’administration")),
    ("sdis", M, true, Some("conseil d’administration")),
    // Where no département names it (the Corsican and overseas ones).
    ("service d incendie et de secours", M, true, Some("conseil d’administration")),
    ("etablissement public", M, true, Some("conseil d’administration")),
    ("lycee", M, true, Some("conseil d’administration")),
    ("college", M, true, Some("conseil d’administration")),
    ("universite", F, true, Some("conseil d’administration")),
    // Bodies that sign without a deliberation of an assembly.
    ("etat", M, false, None),
    ("ministre", M, false, None),
    ("ministere", M, false, None),
    ("prefet", M, false, None),
    ("prefecture", F, false, None),
    ("caisse", F, false, None),
    ("union", F, false, None),
    ("association", F, false, None),
    ("federation", F, false, None),
    ("confederation", F, false, None),
    ("syndicat", M, false, None),
    ("societe", F, false, None),
    ("entreprise", F, false, None),
    ("agence", F, false, None),
    ("chambre", F, false, None),
    ("fondation", F, false, None),
    ("comite", M, false, None),
    ("centre", M, false, None),
    ("groupement", M, false, None),
    ("office", M, false, None),
    ("institut", M, false, None),
    ("conseil", M, false, None),
];

/// Words before the noun that say nothing of the body (« La », « l' »).
fn strip_article(folded: &str) -> &str {
    for a in ["la ", "le ", "les ", "l "] {
        if let Some(rest) = folded.strip_prefix(a) {
            return rest;
        }
    }
    folded
}

/// The name folded for matching: lower case, no accents, apostrophes and
/// hyphens as spaces, spaces single.
fn fold(name: &str) -> String {
    let mapped: String = name.chars().map(|c| if c.is_alphanumeric() { base_letter(c) } else { ' ' }).collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The article the name is written with, when it says the gender.
fn article_genre(name: &str) -> Option<Genre> {
    let lower = name.trim_start().to_lowercase();
    if lower.starts_with("la ") {
        Some(F)
    } else if lower.starts_with("le ") {
        Some(M)
    } else {
        None
    }
}

/// The kind of body a name says, by the noun that heads it.
pub fn kind_of(name: &str) -> Option<BodyKind> {
    let folded = fold(name);
    let rest = strip_article(&folded);
    KINDS
        .iter()
        .filter(|(noun, ..)| rest == *noun || rest.starts_with(&format!("{} ", noun)))
        .max_by_key(|(noun, ..)| noun.len())
        .map(|&(noun, genre, deliberates, assembly)| BodyKind { noun, genre, deliberates, assembly })
}

impl Party {
    /// The gender every agreement follows: as the text stated it, else the
    /// article of the name (« la », « le »), else its noun, else feminine
    /// only when the manifest says `feminin` (clausier 0.1's field).
    pub fn gender(&self) -> Genre {
        if let Some(g) = self.genre {
            return g;
        }
        if let Some(g) = self.extra.get("feminin").and_then(|v| v.as_bool()) {
            return if g { F } else { M };
        }
        article_genre(&self.nom).or_else(|| kind_of(&self.nom).map(|k| k.genre)).unwrap_or(M)
    }

    /// Whether the party acts by a deliberation: as the manifest states it,
    /// else when a deliberation is recorded, else as its noun says.
    pub fn deliberates(&self) -> bool {
        if let Some(d) = self.delibere {
            return d;
        }
        if self.deliberation.is_some() {
            return true;
        }
        kind_of(&self.nom).is_some_and(|k| k.deliberates)
    }

    /// The assembly that deliberates for it: the one its recorded
    /// deliberation names, else the one its noun says.
    pub fn assembly(&self) -> Option<String> {
        if let Some(d) = &self.deliberation {
            if !d.organe.trim().is_empty() {
                return Some(d.organe.trim().to_string());
            }
        }
        kind_of(&self.nom).and_then(|k| k.assembly).map(str::to_string)
    }

    /// A past participle agreeing with the party: « représentée », « dénommé ».
    pub fn agree(&self, participle: &str) -> String {
        match self.gender() {
            F => format!("{}e", participle),
            M => participle.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(nom: &str) -> Party {
        serde_json::from_value(serde_json::json!({ "id": "p", "nom": nom })).unwrap()
    }

    #[test]
    fn the_noun_gives_gender_and_assembly() {
        let cases = [
            ("la Ville de Nantes", F, true, Some("conseil municipal")),
            ("Ville de Nantes", F, true, Some("conseil municipal")),
            ("Département du Val-de-Marne", M, true, Some("conseil départemental")),
            ("le Département du Val-de-Marne", M, true, Some("conseil départemental")),
            ("La Communauté de communes du Thouarsais", F, true, Some("conseil communautaire")),
            ("la Métropole d’Aix-Marseille-Provence", F, true, Some("conseil de la métropole")),
            ("Région Nouvelle-Aquitaine", F, true, Some("conseil régional")),
            ("l’État", M, false, None),
            ("l'Union nationale des caisses d'assurance maladie", F, false, None),
            ("l’Association « Pays de la Loire Cameroun »", F, false, None),
            ("le Syndicat des transports d’Île-de-France", M, true, Some("conseil d’administration")),
            ("le Syndicat national des orthoptistes", M, false, None),
            ("Le Syndicat du Bassin Versant de l’Arc", M, true, Some("comité syndical")),
            ("le Syndicat d’énergie de la Loire", M, true, Some("comité syndical")),
            ("Le Service d’Incendie et de Secours de la Haute-Corse", M, true, Some("conseil d’administration")),
            ("la Société Publique Locale d’Aménagement", F, false, None),
        ];
        for (nom, g, d, a) in cases {
            let p = party(nom);
            assert_eq!(p.gender(), g, "{nom}");
            assert_eq!(p.deliberates(), d, "{nom}");
            assert_eq!(p.assembly().as_deref(), a, "{nom}");
        }
    }

    #[test]
    fn what_the_text_states_wins() {
        let mut p = party("Le Parc");
        assert_eq!(p.gender(), M);
        p.genre = Some(F);
        assert_eq!(p.gender(), F);
        assert_eq!(p.agree("représenté"), "représentée");
        p.delibere = Some(true);
        assert!(p.deliberates());
        let old: Party =
            serde_json::from_value(serde_json::json!({ "id": "p", "nom": "Ivry", "feminin": true })).unwrap();
        assert_eq!(old.gender(), F);
    }
}
