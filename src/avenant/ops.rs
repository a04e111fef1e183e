//! The avenant change set (`avenant.json`): who amends what, and the list of
//! operations. Every operation targets a division by its stable id and, where
//! needed, an alinéa (counted from 1 among the division's own alinéas, as the
//! Guide de légistique counts them) and words it quotes verbatim.

use crate::model::PartKind;
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
    /// How the avenant is laid out: `paris` (amending articles, « Les autres
    /// stipulations demeurent inchangées », originals) or `etat` (three
    /// articles, the amendments listed in an annex, as the Journal officiel
    /// publishes avenants to State conventions).
    #[serde(default, skip_serializing_if = "Style::is_paris")]
    pub style: Style,
    /// État style: who bears the costs of publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frais: Option<String>,
    /// Author of the tracked changes and of the draft (« Comité technique »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auteur: Option<String>,
    pub operations: Vec<Operation>,
}

/// The layout of an avenant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// The Paris style: one article per amended division.
    #[default]
    Paris,
    /// The State style: three articles, the amendments in an annex.
    Etat,
}

impl Style {
    fn is_paris(&self) -> bool {
        *self == Style::Paris
    }
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
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
        alinea: usize,
        words: String,
        by: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        occurrence: Option<usize>,
    },
    /// « après les mots : « X », sont insérés les mots : « Y » »; with no
    /// `after`, the words open the alinéa.
    InsertWords {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
        alinea: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        words: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        occurrence: Option<usize>,
    },
    /// « les mots : « X » sont supprimés »
    DeleteWords {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
        alinea: usize,
        words: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        occurrence: Option<usize>,
    },
    /// « Le deuxième alinéa … est complété par les mots : « Y » » (or « par
    /// une phrase ainsi rédigée : »): words added at the end of an alinéa.
    AppendWords {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
        alinea: usize,
        words: String,
    },
    /// « Le deuxième alinéa … est ainsi rédigé : » (one alinéa rewritten),
    /// « … est remplacé par deux alinéas ainsi rédigés : ».
    ReplaceAlinea {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
        alinea: usize,
        text: Vec<String>,
    },
    /// After alinéa `after` (0: at the start; the last: at the end).
    InsertAlineas {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
        after: usize,
        text: Vec<String>,
    },
    /// `count` alinéas from `alinea`.
    DeleteAlineas {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartKind>,
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
    /// « L'intitulé de la convention est ainsi rédigé : » — the title page's
    /// lines.
    ReplaceTitle { lines: Vec<String> },
    /// « Dans l'ensemble de la convention, les mots : « X » sont remplacés
    /// par les mots : « Y » »: every occurrence, as whole words, in the
    /// divisions (titles and alinéas) and the parts before them — except
    /// where another operation of the avenant rewrites or deletes the text.
    ReplaceEverywhere { words: String, by: String },
}

/// What an operation amends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    Division(&'a str),
    Part(PartKind),
    /// The title of the convention.
    Title,
    /// The whole text.
    Everywhere,
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
    /// What the operation amends: for an inserted division, the division it
    /// follows or the parent that receives it.
    pub fn target(&self) -> Target<'_> {
        match self {
            Operation::ReplaceWords { division, part, .. }
            | Operation::InsertWords { division, part, .. }
            | Operation::DeleteWords { division, part, .. }
            | Operation::AppendWords { division, part, .. }
            | Operation::ReplaceAlinea { division, part, .. }
            | Operation::InsertAlineas { division, part, .. }
            | Operation::DeleteAlineas { division, part, .. } => match part {
                Some(p) => Target::Part(*p),
                None => Target::Division(division),
            },
            Operation::ReplaceDivision { division, .. } | Operation::RenameDivision { division, .. } | Operation::DeleteDivision { division } | Operation::Renumber { division, .. } => Target::Division(division),
            Operation::InsertDivision { after, parent, .. } => Target::Division(after.as_deref().or(parent.as_deref()).unwrap_or("")),
            Operation::ReplaceTitle { .. } => Target::Title,
            Operation::ReplaceEverywhere { .. } => Target::Everywhere,
        }
    }

    /// The division the operation amends, if it amends one.
    pub fn division(&self) -> Option<&str> {
        match self.target() {
            Target::Division(d) => Some(d),
            _ => None,
        }
    }

    /// Whether the operation changes the alinéas of its division (the
    /// draft's repair replaces them with one rewriting of the division).
    pub fn changes_alineas(&self) -> bool {
        match self {
            Operation::ReplaceWords { .. }
            | Operation::InsertWords { .. }
            | Operation::DeleteWords { .. }
            | Operation::AppendWords { .. }
            | Operation::ReplaceAlinea { .. }
            | Operation::InsertAlineas { .. }
            | Operation::DeleteAlineas { .. } => true,
            Operation::ReplaceDivision { .. } | Operation::RenameDivision { .. } | Operation::InsertDivision { .. } | Operation::DeleteDivision { .. } | Operation::Renumber { .. } | Operation::ReplaceTitle { .. } | Operation::ReplaceEverywhere { .. } => false,
        }
    }

    /// The alinéa an operation on words or alinéas cites first.
    pub fn alinea(&self) -> Option<usize> {
        match self {
            Operation::ReplaceWords { alinea, .. }
            | Operation::InsertWords { alinea, .. }
            | Operation::DeleteWords { alinea, .. }
            | Operation::AppendWords { alinea, .. }
            | Operation::ReplaceAlinea { alinea, .. }
            | Operation::DeleteAlineas { alinea, .. } => Some(*alinea),
            Operation::InsertAlineas { after, .. } => Some(*after),
            _ => None,
        }
    }
}
