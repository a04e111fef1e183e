//! The avenant change set (`avenant.json`): who amends what, and the list of
//! operations. Every operation targets a division by its stable id and, where
//! needed, an alinéa (counted from 1 among the division's own alinéas, as the
//! Guide de légistique counts them) and words it quotes verbatim.

use crate::model::{inline_text, Alinea, Inline, PartKind};
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
    pub(crate) objet: Option<String>,
    /// ISO date of signature, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where it is signed (« Paris »). Absent when the convention states no
    /// place: the avenant then prints a blank, never a place of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) lieu: Option<String>,
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
    pub(crate) originaux: Option<u32>,
    /// « à compter de sa signature par les deux parties », or an ISO date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) entree_en_vigueur: Option<String>,
    /// Optional préambule, one string per alinéa (Markdown).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) preambule: Vec<String>,
    /// Why the avenant is made, as the legal service tells the councils
    /// (one string per paragraph): the exposé des motifs prints it, a blank
    /// until written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub motifs: Vec<String>,
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
    pub(crate) auteur: Option<String>,
    /// (Read through `wire::operations`, which numbers a refusal.)
    #[serde(deserialize_with = "super::wire::operations")]
    pub operations: Vec<Operation>,
    /// Where each of its facts came from (`objet` drafted by clausier, a
    /// deliberation's number set by hand), by the name `facts` gives it.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub provenance: std::collections::BTreeMap<String, crate::source::Provenance>,
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

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Base {
    /// The source as given to `avenant draft` (informative).
    pub(crate) source: String,
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

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PartyDeliberation {
    /// Party id in the convention's manifest.
    pub partie: String,
    pub(crate) organe: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numero: Option<String>,
    /// ISO date: the date of the séance that adopts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The séance's facts the projet de délibération prints, each a blank
    /// until set (see `councils`): who presents it (« M. Jacques BAUDRIER,
    /// au nom de la 5e Commission »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rapporteur: Option<String>,
    /// ISO date of the projet de délibération (the Conseil de Paris visas it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_projet: Option<String>,
    /// Where the avenant's sums are charged in the budget (printed when the
    /// avenant changes an amount).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imputation: Option<String>,
    /// The acte's number for @CTES, `[0-9A-Z_]{2,15}` (« 2026SG123 »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acte: Option<String>,
    /// Its code in the ACTES nomenclature of matters (« 1.4 », « 5.7 »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
}

/// One amendment. All operations of an avenant cite the text as it stands
/// before it: they are simultaneous. Its new texts are the model's; its
/// JSON writes them as Markdown strings (`wire`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "super::wire::Operation", try_from = "super::wire::Operation")]
pub enum Operation {
    /// « les mots : « X » sont remplacés par les mots : « Y » »
    ReplaceWords {
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        part: Option<PartKind>,
        alinea: usize,
        words: String,
        by: String,
        occurrence: Option<usize>,
    },
    /// « après les mots : « X », sont insérés les mots : « Y » »; with no
    /// `after`, the words open the alinéa.
    InsertWords {
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        part: Option<PartKind>,
        alinea: usize,
        after: Option<String>,
        words: String,
        occurrence: Option<usize>,
    },
    /// « les mots : « X » sont supprimés »
    DeleteWords {
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        part: Option<PartKind>,
        alinea: usize,
        words: String,
        occurrence: Option<usize>,
    },
    /// « Le deuxième alinéa … est complété par les mots : « Y » » (or « par
    /// une phrase ainsi rédigée : »): words added at the end of an alinéa.
    AppendWords {
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        part: Option<PartKind>,
        alinea: usize,
        words: String,
    },
    /// « Le deuxième alinéa … est ainsi rédigé : » (one alinéa rewritten),
    /// « … est remplacé par deux alinéas ainsi rédigés : ».
    ReplaceAlinea {
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        part: Option<PartKind>,
        alinea: usize,
        text: Vec<Alinea>,
    },
    /// After alinéa `after` (0: at the start; the last: at the end).
    InsertAlineas {
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        part: Option<PartKind>,
        after: usize,
        text: Vec<Alinea>,
    },
    /// `count` alinéas from `alinea`.
    DeleteAlineas {
        division: String,
        /// Instead of a division: a part of the convention around its
        /// divisions (`parties`, `visas`, `ouverture`, `cloture`).
        part: Option<PartKind>,
        alinea: usize,
        count: usize,
    },
    /// « Le 1. du A du II est ainsi rédigé : » — all its own alinéas.
    ReplaceDivision {
        division: String,
        /// With `title`, its heading is rewritten too: the new title, empty
        /// when the division keeps its label alone (« Article 28 » /
        /// « (Article abrogé) »; an annex whose heading line became its
        /// first alinéa). A title is never removed by `rename_division`.
        title: Option<Vec<Inline>>,
        text: Vec<Alinea>,
        /// With `children`, the division is rewritten whole: its
        /// subdivisions are replaced by these (« L'annexe III est remplacée
        /// par l'annexe jointe au présent avenant »).
        children: Option<Vec<NewDivision>>,
    },
    /// « L'intitulé du … est ainsi rédigé : »
    RenameDivision {
        division: String,
        title: Vec<Inline>,
    },
    /// A new division, numbered « 3 bis » rather than renumbering the rest:
    /// after the division `after`, or as the first child of `parent`.
    InsertDivision {
        after: Option<String>,
        parent: Option<String>,
        id: String,
        /// The number (« 3 bis »), or none for an unnumbered division.
        number: Option<String>,
        /// The whole label, when it does not follow the numbering of its
        /// level: printed as written.
        label: Option<String>,
        title: Vec<Inline>,
        text: Vec<Alinea>,
        children: Vec<NewDivision>,
    },
    DeleteDivision {
        division: String,
    },
    /// « Le 4. devient le 5. »
    Renumber {
        division: String,
        number: String,
        /// The whole label, when it does not follow the numbering of its
        /// level (« Art 23. à 26 - »): printed as written.
        label: Option<String>,
    },
    /// « L'intitulé de la convention est ainsi rédigé : » — the title page's
    /// lines.
    ReplaceTitle {
        lines: Vec<Vec<Inline>>,
    },
    /// « Dans l'ensemble de la convention, les mots : « X » sont remplacés
    /// par les mots : « Y » »: every occurrence, as whole words, in the
    /// divisions (titles and alinéas) and the parts before them — except
    /// where another operation of the avenant rewrites or deletes the text.
    ReplaceEverywhere {
        words: String,
        by: String,
    },
}

/// What an operation amends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target<'a> {
    Division(&'a str),
    Part(PartKind),
    /// The title of the convention.
    Title,
    /// The whole text.
    Everywhere,
}

/// A subdivision of an inserted division.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDivision {
    pub(crate) id: String,
    pub(crate) number: Option<String>,
    /// The whole label, when it does not follow the numbering of its level.
    pub(crate) label: Option<String>,
    pub(crate) title: Vec<Inline>,
    pub(crate) text: Vec<Alinea>,
    pub(crate) children: Vec<NewDivision>,
}

/// The largest alinéa number, count or occurrence a change set may name: far
/// above any real convention, and low enough that no sum of them overflows.
const MAX_NUMBER: usize = 1_000_000;

/// A division or party id as a change set may name it: the rules of clause
/// ids without the `/` of shared clauses, since a new division's id becomes a
/// file name of the consolidated source.
fn valid_local_id(id: &str) -> bool {
    crate::source::valid_division_id(id)
}

/// Why a change set is refused where it enters, naming the field at fault
/// (and, for an operation, its number from 1 and its name).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidChangeSet {
    #[error("numero 0: avenants are numbered from 1")]
    NumeroZero,
    #[error("no operation: an avenant amends at least one stipulation")]
    NoOperation,
    #[error("originaux 0: an avenant is signed in at least one original")]
    NoOriginal,
    #[error("{field} « {value} »: expected a date YYYY-MM-DD")]
    NotADate { field: String, value: String },
    #[error("{field}[{index}].partie « {party} » is not a party id (letters, digits, . _ - only)")]
    NotAPartyId { field: String, index: usize, party: String },
    /// A party given two deliberations, or two signatories.
    #[error("{field}[{index}]: party « {party} » has two {what}")]
    TwiceForAParty { field: String, index: usize, party: String, what: String },
    #[error("operation {number} ({name}): {why}")]
    Operation { number: usize, name: &'static str, why: Box<InvalidChangeSet> },
    #[error("{field} « {id} » is not a valid division id (letters, digits, . _ - only; no /, no ..)")]
    NotADivisionId { field: String, id: String },
    #[error("{field} {n} is out of range ({min} to {max})")]
    OutOfRange { field: String, n: usize, min: usize, max: usize },
    #[error("{field} is empty: quote the words")]
    NoWords { field: String },
    #[error("{field} « {number} » is not a division number (one short line, such as « 3 bis »)")]
    NotANumber { field: String, number: String },
    /// `field` is `title`, or `new division.title`.
    #[error("{field} « {title} » is on several lines: a title is one line")]
    TitleOnSeveralLines { field: String, title: String },
    #[error("{field} is empty")]
    EmptyTitle { field: String },
    #[error("{field}.id « {id} » is given to two new divisions")]
    IdTwice { field: String, id: String },
    #[error("give either `after` or `parent`")]
    AfterOrParent,
    #[error("give either `division` or `part`, not both")]
    DivisionOrPart,
    #[error("`lines`: a convention keeps a title")]
    NoTitle,
    /// A text that is a heading: a division, which an operation on alinéas cannot bring.
    #[error("{field}: « {text} » is a heading, not an alinéa: insert a division instead")]
    Heading { field: String, text: String },
}

impl ChangeSet {
    /// Checks every name and number the change set brings, once, where it
    /// enters: ids that will become file names, alinéa numbers, counts.
    /// The message names the operation (from 1) and the field at fault.
    pub fn validate(&self) -> Result<(), InvalidChangeSet> {
        if self.numero == 0 {
            return Err(InvalidChangeSet::NumeroZero);
        }
        if self.operations.is_empty() {
            return Err(InvalidChangeSet::NoOperation);
        }
        if self.originaux == Some(0) {
            return Err(InvalidChangeSet::NoOriginal);
        }
        // Dates are ISO: a date that does not read as one would be printed
        // as typed (« le 2027-99-99 »).
        let iso = |field: &str, d: &str| match crate::french::Date::parse(d) {
            Some(_) => Ok(()),
            None => Err(InvalidChangeSet::NotADate { field: field.to_string(), value: d.to_string() }),
        };
        if let Some(d) = &self.date {
            iso("date", d)?;
        }
        if let Some(e) = &self.entree_en_vigueur {
            // Either words (« à compter de sa signature ») or an ISO date.
            if e.trim().len() >= 5
                && e.trim().as_bytes()[..4].iter().all(u8::is_ascii_digit)
                && e.trim().as_bytes()[4] == b'-'
            {
                iso("entree_en_vigueur", e)?;
            }
        }
        for (k, d) in self.deliberations.iter().enumerate() {
            if let Some(date) = &d.date {
                iso(&format!("deliberations[{}].date", k), date)?;
            }
        }
        one_per_party("deliberations", "deliberations", self.deliberations.iter().map(|d| d.partie.as_str()))?;
        one_per_party("signataires", "signatories", self.signataires.iter().map(|s| s.partie.as_str()))?;
        let mut new_ids = std::collections::HashSet::new();
        for (k, op) in self.operations.iter().enumerate() {
            op.validate(&mut new_ids).map_err(|why| InvalidChangeSet::Operation {
                number: k + 1,
                name: op.name(),
                why: Box::new(why),
            })?;
        }
        Ok(())
    }
}

impl ChangeSet {
    /// The first operation its checks refuse, with why.
    fn first_refused(&self) -> Option<(usize, InvalidChangeSet)> {
        let mut new_ids = std::collections::HashSet::new();
        self.operations.iter().enumerate().find_map(|(k, op)| op.validate(&mut new_ids).err().map(|m| (k, m)))
    }

    /// The change set as `load` reads it once written — its operations
    /// through their JSON form (each text to Markdown and back), checked —,
    /// or the first operation refused, by its index and why: the draft's
    /// self-check.
    pub(crate) fn as_read(&self) -> Result<ChangeSet, (usize, InvalidChangeSet)> {
        let written = super::wire::write_all(&self.operations);
        let operations = super::wire::read_all(written).map_err(|(k, _, why)| (k, why))?;
        let mut read = self.clone();
        read.operations = operations;
        match read.first_refused() {
            Some(refused) => Err(refused),
            None => Ok(read),
        }
    }
}

/// `field « value » is not a valid division id`, or Ok.
fn check_id(field: &str, id: &str) -> Result<(), InvalidChangeSet> {
    if valid_local_id(id) {
        Ok(())
    } else {
        Err(InvalidChangeSet::NotADivisionId { field: field.to_string(), id: id.to_string() })
    }
}

/// Each party named by a valid id, once (« a party has two deliberations »).
fn one_per_party<'a>(field: &str, what: &str, parties: impl Iterator<Item = &'a str>) -> Result<(), InvalidChangeSet> {
    let mut seen = std::collections::HashSet::new();
    for (index, p) in parties.enumerate() {
        let (field, party) = (field.to_string(), p.to_string());
        if !valid_local_id(p) {
            return Err(InvalidChangeSet::NotAPartyId { field, index, party });
        }
        if !seen.insert(p) {
            return Err(InvalidChangeSet::TwiceForAParty { field, index, party, what: what.to_string() });
        }
    }
    Ok(())
}

fn check_number(field: &str, n: usize, min: usize) -> Result<(), InvalidChangeSet> {
    if n < min || n > MAX_NUMBER {
        Err(InvalidChangeSet::OutOfRange { field: field.to_string(), n, min, max: MAX_NUMBER })
    } else {
        Ok(())
    }
}

fn check_words(field: &str, w: &str) -> Result<(), InvalidChangeSet> {
    if w.trim().is_empty() {
        Err(InvalidChangeSet::NoWords { field: field.to_string() })
    } else {
        Ok(())
    }
}

fn check_label(field: &str, n: &str) -> Result<(), InvalidChangeSet> {
    if n.trim().is_empty() || n.contains(['\n', '\r']) || n.chars().count() > 40 {
        Err(InvalidChangeSet::NotANumber { field: field.to_string(), number: n.escape_debug().to_string() })
    } else {
        Ok(())
    }
}

/// A title the text keeps: not empty (its lines are checked where it is
/// read, `wire`: once read, a title is one line).
fn check_title(field: &str, t: &[Inline]) -> Result<(), InvalidChangeSet> {
    if inline_text(t).trim().is_empty() {
        Err(InvalidChangeSet::EmptyTitle { field: field.to_string() })
    } else {
        Ok(())
    }
}

fn check_new(
    field: &str,
    d: &NewDivision,
    new_ids: &mut std::collections::HashSet<String>,
) -> Result<(), InvalidChangeSet> {
    check_id(&format!("{}.id", field), &d.id)?;
    if !new_ids.insert(d.id.clone()) {
        return Err(InvalidChangeSet::IdTwice { field: field.to_string(), id: d.id.clone() });
    }
    if let Some(n) = &d.number {
        check_label(&format!("{}.number", field), n)?;
    }
    for (k, c) in d.children.iter().enumerate() {
        check_new(&format!("{}.children[{}]", field, k), c, new_ids)?;
    }
    Ok(())
}

/// The name each operation has in the JSON (`replace_words`), for the
/// model's `Operation` and its written form (`wire::Operation`) alike: one
/// table, matched against whichever `Operation` is in scope where it is used.
macro_rules! operation_name {
    ($op:expr) => {
        match $op {
            Operation::ReplaceWords { .. } => "replace_words",
            Operation::InsertWords { .. } => "insert_words",
            Operation::DeleteWords { .. } => "delete_words",
            Operation::ReplaceAlinea { .. } => "replace_alinea",
            Operation::InsertAlineas { .. } => "insert_alineas",
            Operation::DeleteAlineas { .. } => "delete_alineas",
            Operation::ReplaceDivision { .. } => "replace_division",
            Operation::RenameDivision { .. } => "rename_division",
            Operation::InsertDivision { .. } => "insert_division",
            Operation::DeleteDivision { .. } => "delete_division",
            Operation::Renumber { .. } => "renumber",
            Operation::AppendWords { .. } => "append_words",
            Operation::ReplaceTitle { .. } => "replace_title",
            Operation::ReplaceEverywhere { .. } => "replace_everywhere",
        }
    };
}
pub(super) use operation_name;

impl Operation {
    /// The operation's name as the change set spells it (`replace_words`).
    pub fn name(&self) -> &'static str {
        operation_name!(self)
    }

    fn validate(&self, new_ids: &mut std::collections::HashSet<String>) -> Result<(), InvalidChangeSet> {
        let occ = |o: &Option<usize>| o.map_or(Ok(()), |o| check_number("occurrence", o, 1));
        match self {
            Operation::InsertDivision { after, parent, id, number, title, children, .. } => {
                match (after, parent) {
                    (Some(a), None) => check_id("after", a)?,
                    (None, Some(p)) => check_id("parent", p)?,
                    _ => return Err(InvalidChangeSet::AfterOrParent),
                }
                let spec = NewDivision {
                    id: id.clone(),
                    number: number.clone(),
                    label: None,
                    title: title.clone(),
                    text: vec![],
                    children: children.clone(),
                };
                // (Its title and texts were read, and checked, with the change set: `wire`.)
                return check_new("new division", &spec, new_ids);
            }
            _ => match self.target() {
                Target::Division(d) => check_id("division", d)?,
                Target::Part(_) => {
                    if self.division().is_some_and(|d| !d.is_empty()) {
                        return Err(InvalidChangeSet::DivisionOrPart);
                    }
                }
                Target::Title | Target::Everywhere => {}
            },
        }
        match self {
            Operation::ReplaceWords { alinea, words, occurrence, .. } => {
                check_number("alinea", *alinea, 1)?;
                check_words("words", words)?;
                occ(occurrence)
            }
            Operation::InsertWords { alinea, after, words, occurrence, .. } => {
                check_number("alinea", *alinea, 1)?;
                check_words("words", words)?;
                if let Some(a) = after {
                    check_words("after", a)?;
                }
                occ(occurrence)
            }
            Operation::DeleteWords { alinea, words, occurrence, .. } => {
                check_number("alinea", *alinea, 1)?;
                check_words("words", words)?;
                occ(occurrence)
            }
            Operation::AppendWords { alinea, words, .. } => {
                check_number("alinea", *alinea, 1)?;
                check_words("words", words)
            }
            Operation::ReplaceTitle { lines } => {
                if lines.iter().all(|l| inline_text(l).trim().is_empty()) {
                    return Err(InvalidChangeSet::NoTitle);
                }
                lines.iter().try_for_each(|l| check_title("title", l))
            }
            Operation::ReplaceEverywhere { words, .. } => check_words("words", words),
            Operation::ReplaceAlinea { alinea, .. } => check_number("alinea", *alinea, 1),
            Operation::InsertAlineas { after, .. } => check_number("after", *after, 0),
            Operation::DeleteAlineas { alinea, count, .. } => {
                check_number("alinea", *alinea, 1)?;
                check_number("count", *count, 1)
            }
            Operation::Renumber { number, label, .. } => {
                check_label("number", number)?;
                label.as_deref().map_or(Ok(()), |l| check_label("label", l))
            }
            Operation::RenameDivision { title, .. } => check_title("title", title),
            // Its new subdivisions' ids become file names, as an inserted division's.
            Operation::ReplaceDivision { children: Some(kids), .. } => {
                kids.iter().enumerate().try_for_each(|(k, c)| check_new(&format!("children[{}]", k), c, new_ids))
            }
            _ => Ok(()),
        }
    }
}

impl Operation {
    /// What the operation amends: for an inserted division, the division it
    /// follows or the parent that receives it.
    pub(crate) fn target(&self) -> Target<'_> {
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
            Operation::ReplaceDivision { division, .. }
            | Operation::RenameDivision { division, .. }
            | Operation::DeleteDivision { division }
            | Operation::Renumber { division, .. } => Target::Division(division),
            Operation::InsertDivision { after, parent, .. } => {
                Target::Division(after.as_deref().or(parent.as_deref()).unwrap_or(""))
            }
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
    pub(crate) fn changes_alineas(&self) -> bool {
        match self {
            Operation::ReplaceWords { .. }
            | Operation::InsertWords { .. }
            | Operation::DeleteWords { .. }
            | Operation::AppendWords { .. }
            | Operation::ReplaceAlinea { .. }
            | Operation::InsertAlineas { .. }
            | Operation::DeleteAlineas { .. } => true,
            Operation::ReplaceDivision { .. }
            | Operation::RenameDivision { .. }
            | Operation::InsertDivision { .. }
            | Operation::DeleteDivision { .. }
            | Operation::Renumber { .. }
            | Operation::ReplaceTitle { .. }
            | Operation::ReplaceEverywhere { .. } => false,
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
