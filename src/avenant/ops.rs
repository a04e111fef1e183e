//! The avenant change set (`avenant.json`): who amends what, and the list of
//! operations. Every operation targets a division by its stable id and, where
//! needed, an alinéa (counted from 1 among the division's own alinéas, as the
//! Guide de légistique counts them) and words it quotes verbatim.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChangeSet {
    /// Avenant n° N.
    pub numero: u32,
    /// The avenant's title, when it is not « Avenant n° N à la … ».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub titre: Option<String>,
    /// Why the avenant is made, in a phrase: « de modifier la fréquence des
    /// réunions du comité technique … » (Article 1er – Objet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objet: Option<String>,
    /// ISO date of signature, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where it is signed (« Paris »).
    #[serde(default = "default_lieu")]
    pub lieu: String,
    /// The text it amends.
    pub base: Base,
    /// One per party: the deliberation approving the avenant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deliberations: Vec<PartyDeliberation>,
    /// Who signs for each party, when it is not the convention's signatory
    /// (a new mayor since).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signataires: Vec<PartySignatory>,
    /// Number of originals; defaults to the convention's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub originaux: Option<u32>,
    /// « à compter de sa signature par les deux parties », or an ISO date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entree_en_vigueur: Option<String>,
    /// Optional préambule, one string per alinéa (Markdown).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preambule: Vec<String>,
    /// Author of the tracked changes and of the draft (« Comité technique »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auteur: Option<String>,
    pub operations: Vec<Operation>,
}

fn default_lieu() -> String {
    "Paris".into()
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Base {
    /// The source as given to `avenant draft` (informative).
    pub source: String,
    /// `sha256:…` of the text the operations cite (see `clausier::fingerprint`).
    pub fingerprint: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PartySignatory {
    /// Party id in the convention's manifest.
    pub partie: String,
    /// « Madame la Maire ».
    #[serde(default)]
    pub civilite: String,
    /// « La Maire de Paris ».
    #[serde(default)]
    pub qualite: String,
    /// « Anne HIDALGO ».
    pub nom: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PartyDeliberation {
    /// Party id in the convention's manifest.
    pub partie: String,
    pub organe: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numero: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// One amendment. All operations of an avenant cite the text as it stands
/// before it: they are simultaneous.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Operation {
    /// « les mots : « X » sont remplacés par les mots : « Y » »
    ReplaceWords {
        division: String,
        alinea: usize,
        words: String,
        by: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        occurrence: Option<usize>,
    },
    /// « après les mots : « X », sont insérés les mots : « Y » »; with no
    /// `after`, the words open the alinéa.
    InsertWords {
        division: String,
        alinea: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        words: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        occurrence: Option<usize>,
    },
    /// « les mots : « X » sont supprimés »
    DeleteWords {
        division: String,
        alinea: usize,
        words: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        occurrence: Option<usize>,
    },
    /// « Le deuxième alinéa … est remplacé par les dispositions suivantes : »
    ReplaceAlinea { division: String, alinea: usize, text: Vec<String> },
    /// After alinéa `after` (0: at the start; the last: at the end).
    InsertAlineas { division: String, after: usize, text: Vec<String> },
    /// `count` alinéas from `alinea`.
    DeleteAlineas {
        division: String,
        alinea: usize,
        #[serde(default = "one")]
        count: usize,
    },
    /// « Le 1. du A du II est ainsi rédigé : » — all its own alinéas.
    ReplaceDivision { division: String, text: Vec<String> },
    /// « L'intitulé du … est ainsi rédigé : »
    RenameDivision { division: String, title: String },
    /// A new division, numbered « 3 bis » rather than renumbering the rest:
    /// after the division `after`, or as the first child of `parent`.
    InsertDivision {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<String>,
        id: String,
        /// The number (« 3 bis »), or none for an unnumbered division.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<String>,
        title: String,
        text: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        children: Vec<NewDivision>,
    },
    DeleteDivision { division: String },
    /// « Le 4. devient le 5. »
    Renumber { division: String, number: String },
}

/// A subdivision of an inserted division.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NewDivision {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub title: String,
    pub text: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<NewDivision>,
}

fn one() -> usize {
    1
}

impl Operation {
    /// Whether the operation changes the alinéas of its division (the
    /// draft's repair replaces them with one rewriting of the division).
    pub fn changes_alineas(&self) -> bool {
        match self {
            Operation::ReplaceWords { .. }
            | Operation::InsertWords { .. }
            | Operation::DeleteWords { .. }
            | Operation::ReplaceAlinea { .. }
            | Operation::InsertAlineas { .. }
            | Operation::DeleteAlineas { .. } => true,
            Operation::ReplaceDivision { .. } | Operation::RenameDivision { .. } | Operation::InsertDivision { .. } | Operation::DeleteDivision { .. } | Operation::Renumber { .. } => false,
        }
    }

    /// The division the operation changes (for inserts: the one it follows
    /// or the parent that receives it).
    pub fn division(&self) -> &str {
        match self {
            Operation::ReplaceWords { division, .. }
            | Operation::InsertWords { division, .. }
            | Operation::DeleteWords { division, .. }
            | Operation::ReplaceAlinea { division, .. }
            | Operation::InsertAlineas { division, .. }
            | Operation::DeleteAlineas { division, .. }
            | Operation::ReplaceDivision { division, .. }
            | Operation::RenameDivision { division, .. }
            | Operation::DeleteDivision { division }
            | Operation::Renumber { division, .. } => division,
            Operation::InsertDivision { after, parent, .. } => after.as_deref().or(parent.as_deref()).unwrap_or(""),
        }
    }
}
