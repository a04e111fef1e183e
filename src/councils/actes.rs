//! The transmission to the préfecture (@CTES, contrôle de légalité): per
//! party, the délibération's PDF, its annexes' PDFs in order, and what the
//! platform asks of the acte — its nature (1: délibérations; 4: contrats,
//! conventions et avenants, for the signed avenant when it is sent), its
//! classification in the ACTES nomenclature, an objet of at most 499
//! characters on one line, its number (`[0-9A-Z_]{2,15}`), the date of the
//! decision. File names have no space and no accent; the whole is at most
//! 150 MB. What the platform requires and the facts do not give is refused
//! by name: the folder is then not written, the rest of the pack is.

use serde::Serialize;

/// The longest objet @CTES takes, in characters.
pub const OBJET_MAX: usize = 499;

/// The most an acte and its annexes may weigh together.
pub const SIZE_MAX: u64 = 150 * 1024 * 1024;

/// The nature of a délibération.
pub const NATURE_DELIBERATION: u8 = 1;

/// The first two levels of the ACTES nomenclature of matters, common to
/// every préfecture (each may add its own levels below them). The codes a
/// convention's avenant most often takes: 1.4 (a contract that is neither a
/// marché nor a délégation de service public), 5.7 (intercommunalité), 8.4
/// (aménagement du territoire), 9.1 (other matters of a commune).
pub const CLASSIFICATION: &[(&str, &str)] = &[
    ("1", "Commande publique"),
    ("1.1", "Marchés publics"),
    ("1.2", "Délégation de service public"),
    ("1.3", "Conventions de mandat"),
    ("1.4", "Autres types de contrats"),
    ("1.5", "Transactions / protocole d’accord transactionnel"),
    ("1.6", "Actes relatifs à la maîtrise d’œuvre"),
    ("1.7", "Actes spéciaux et divers"),
    ("2", "Urbanisme"),
    ("2.1", "Documents d’urbanisme"),
    ("2.2", "Actes relatifs au droit d’occupation ou d’utilisation des sols"),
    ("2.3", "Droit de préemption urbain"),
    ("3", "Domaine et patrimoine"),
    ("3.1", "Acquisitions"),
    ("3.2", "Aliénations"),
    ("3.3", "Locations"),
    ("3.4", "Limites territoriales"),
    ("3.5", "Autres actes de gestion du domaine public"),
    ("3.6", "Autres actes de gestion du domaine privé"),
    ("4", "Fonction publique"),
    ("4.1", "Personnels titulaires et stagiaires de la F.P.T."),
    ("4.2", "Personnels contractuels"),
    ("4.3", "Fonction publique hospitalière"),
    ("4.4", "Autres catégories de personnels"),
    ("4.5", "Régime indemnitaire"),
    ("5", "Institutions et vie politique"),
    ("5.1", "Élection exécutif"),
    ("5.2", "Fonctionnement des assemblées"),
    ("5.3", "Désignation de représentants"),
    ("5.4", "Délégation de fonctions"),
    ("5.5", "Délégation de signature"),
    ("5.6", "Exercice des mandats locaux"),
    ("5.7", "Intercommunalité"),
    ("5.8", "Décision d’ester en justice"),
    ("6", "Libertés publiques et pouvoirs de police"),
    ("6.1", "Police municipale"),
    ("6.2", "Pouvoirs du président du conseil départemental"),
    ("6.3", "Pouvoirs du président du conseil régional"),
    ("6.4", "Autres actes réglementaires"),
    ("6.5", "Actes pris au nom de l’État et soumis au contrôle hiérarchique"),
    ("7", "Finances locales"),
    ("7.1", "Décisions budgétaires"),
    ("7.2", "Fiscalité"),
    ("7.3", "Emprunts"),
    ("7.4", "Interventions économiques"),
    ("7.5", "Subventions"),
    ("7.6", "Contributions budgétaires"),
    ("7.7", "Avances"),
    ("7.8", "Fonds de concours"),
    ("7.9", "Prise de participation (SEM, etc.)"),
    ("7.10", "Divers"),
    ("8", "Domaines de compétences par thèmes"),
    ("8.1", "Enseignement"),
    ("8.2", "Aide sociale"),
    ("8.3", "Voirie"),
    ("8.4", "Aménagement du territoire"),
    ("8.5", "Politique de la ville, habitat, logement"),
    ("8.6", "Emploi, formation professionnelle"),
    ("8.7", "Transports"),
    ("8.8", "Environnement"),
    ("8.9", "Culture"),
    ("9", "Autres domaines de compétences"),
    ("9.1", "Autres domaines de compétences des communes"),
    ("9.2", "Autres domaines de compétences des départements"),
    ("9.3", "Autres domaines de compétences des régions"),
    ("9.4", "Vœux et motions"),
];

/// The metadata file of an acte, as the folder carries it (`acte.json`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Metadonnees {
    pub collectivite: String,
    pub nature: Nature,
    pub classification: Classification,
    pub objet: String,
    pub numero: String,
    pub date_decision: String,
    /// The acte's PDF, then its annexes' in order (names in the folder).
    pub acte: String,
    pub annexes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Nature {
    pub code: u8,
    pub libelle: &'static str,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Classification {
    pub code: String,
    /// The names of its levels the nomenclature's common part gives
    /// (« Commande publique / Autres types de contrats »).
    pub libelle: String,
}

/// A fact of the acte that @CTES would refuse, and the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotForActes {
    #[error("« {numero} » is not an acte number @CTES takes: 2 to 15 characters, capital letters, digits and _ only")]
    Numero { numero: String },
    #[error(
        "« {code} » is not a code of the ACTES nomenclature (1.4 « Autres types de contrats », 5.7 « Intercommunalité », 8.4 « Aménagement du territoire »…: see the README)"
    )]
    Classification { code: String },
    #[error("« {date} » is not a date written YYYY-MM-DD")]
    Date { date: String },
}

/// The acte number as @CTES takes it, or why not.
pub fn check_numero(n: &str) -> std::result::Result<(), NotForActes> {
    let ok =
        (2..=15).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(NotForActes::Numero { numero: n.to_string() })
    }
}

/// The classification as @CTES takes it (« 1.4 », « 8.4.2 »: one to five
/// levels, the first two from the common nomenclature), or why not.
pub fn classification(code: &str) -> std::result::Result<Classification, NotForActes> {
    let levels: Vec<&str> = code.split('.').collect();
    let digits = levels.iter().all(|l| !l.is_empty() && l.len() <= 2 && l.bytes().all(|b| b.is_ascii_digit()));
    let named = |c: &str| CLASSIFICATION.iter().find(|(k, _)| *k == c).map(|(_, v)| *v);
    let first = levels.first().copied().unwrap_or("");
    let second = levels.get(..2).map(|l| l.join("."));
    match (digits && levels.len() <= 5, named(first), second.as_deref().map(|s| (s, named(s)))) {
        (true, Some(a), None) => Ok(Classification { code: code.into(), libelle: a.into() }),
        (true, Some(a), Some((_, Some(b)))) => {
            Ok(Classification { code: code.into(), libelle: format!("{} / {}", a, b) })
        }
        _ => Err(NotForActes::Classification { code: code.to_string() }),
    }
}

/// The objet: one line, spaces single, straight apostrophes, at most 499
/// characters (cut at a word, with « … », when longer).
pub fn objet(text: &str) -> String {
    let one: String = text
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' => '\'',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let one = one.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= OBJET_MAX {
        return one;
    }
    let cut: String = one.chars().take(OBJET_MAX - 1).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..at])
}

/// A file name @CTES takes: ASCII letters and digits, `-`, `_` and `.`,
/// accents dropped, anything else a `-`.
pub fn file_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let b = crate::french::base_letter(c);
        let keep = if b.is_ascii_alphanumeric() || matches!(b, '.' | '_') { b } else { '-' };
        if keep == '-' && out.ends_with('-') {
            continue;
        }
        out.push(keep);
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acte_numbers_as_actes_takes_them() {
        assert!(check_numero("2026SG123").is_ok());
        assert!(check_numero("DE_2026_12").is_ok());
        assert!(check_numero("2026 SG 123").is_err());
        assert!(check_numero("x").is_err());
        assert!(check_numero("1234567890123456").is_err());
        assert!(check_numero("2026sg1").is_err());
    }

    #[test]
    fn classification_codes() {
        assert_eq!(classification("1.4").unwrap().libelle, "Commande publique / Autres types de contrats");
        assert_eq!(classification("5.7.2").unwrap().libelle, "Institutions et vie politique / Intercommunalité");
        assert_eq!(classification("8").unwrap().libelle, "Domaines de compétences par thèmes");
        assert!(classification("1.9").is_err());
        assert!(classification("12").is_err());
        assert!(classification("1.4.a").is_err());
        assert!(classification("").is_err());
    }

    #[test]
    fn objet_is_one_line_within_the_limit() {
        assert_eq!(objet("Approbation de l’avenant\nn° 1"), "Approbation de l'avenant n° 1");
        let long = "mot ".repeat(200);
        let o = objet(&long);
        assert!(o.chars().count() <= OBJET_MAX && o.ends_with('…') && !o.contains('\n'));
    }

    #[test]
    fn file_names_without_spaces_or_accents() {
        assert_eq!(file_name("Délibération n° 1.pdf"), "deliberation-n-1.pdf");
        assert_eq!(file_name("ville-d'ivry"), "ville-d-ivry");
    }
}
