//! The manifest of a convention source (`manifest.json`): what the document
//! is, who the parties are, and the outline of its divisions.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub(crate) const MANIFEST: &str = "manifest.json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// « convention-cadre », « convention-application », « convention »…
    pub(crate) kind: String,
    /// The title as the document properties and visas give it.
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) author: Option<String>,
    /// Which frame of `templates/` dresses the document; defaults to `kind`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) template: Option<String>,
    /// Where clause ids with a `/` (shared clauses) are found, relative to
    /// this source; defaults to the parent directory (`clauses/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) library: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    /// Party ids in the order their signature blocks appear, left to right.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signature_order: Vec<String>,
    /// Number of exemplaires originaux.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub originaux: Option<u32>,
    /// Named dates, ISO 8601 (`adoption`, `signature`…).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub dates: Map<String, Value>,
    /// Free variables for the fragments (`{{duree.initiale}}`…).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub variables: Map<String, Value>,
    /// One numbering pattern per outline level (see `numbering.rs`).
    #[serde(default)]
    pub(crate) numbering: Vec<String>,
    /// Frame parts replaced by a clause of this source (`titre`, `cloture`…),
    /// so an imported text keeps its own words.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub parts: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) sommaire: Option<Sommaire>,
    pub outline: Vec<Node>,
    /// Avenants applied to reach this text, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub avenants: Vec<AppliedAvenant>,
    /// What the text is, with its article, which gives its gender:
    /// « la convention », « la convention-cadre », « le cahier des charges »,
    /// « les statuts », « l’accord », « le protocole », « l’avenant ».
    /// Set by `import` from the title or from how the text names itself
    /// (« le présent cahier des charges »); absent when the text does not
    /// say (avenants then go by the kind or the title: « À LA CONVENTION »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nature: Option<String>,
    /// The title as it reads inside a sentence (« convention de coopération
    /// entre la Ville de Paris et la Ville d'Ivry-sur-Seine »), while `title`
    /// keeps it as written (capitals included). Set only when the case of
    /// every word is certain from the text itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intitule: Option<String>,
    /// Where the text was signed (« Fait à Paris, … » → « Paris »); the date
    /// is `dates.signature`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lieu: Option<String>,
    /// The visas as the text states them (« Vu le code général des
    /// collectivités territoriales, … »), one each, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub visas: Vec<String>,
    /// How the text takes effect when not by its parties' signatures alone:
    /// approved by arrêté or décret, annexed to a décret, adopted by an
    /// assembly (statuts). Absent: a text signed by its parties, in force
    /// from its signature. The frames follow it (the avenant's visa « signée
    /// le … » or « annexé au décret n° … », its entry into force, whether it
    /// has parties and signatures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approbation: Option<Approbation>,
    /// The text's own number as it writes it (« IV » for « AVENANT N° IV »,
    /// « 15/1077 » for « CONVENTION N° 15/1077 »): an avenant to an avenant
    /// cites « l'article 2 de l'avenant n° IV ».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numero: Option<String>,
    /// What an avenant amends, as its title names it (« la convention
    /// n°15/1077 relative à … » for « AVENANT N°1 A LA CONVENTION N°15/1077
    /// RELATIVE À … »); set by `import`, absent when the title does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifie: Option<String>,
    /// Where each fact came from, by the fact's name (see `Provenance`). A
    /// fact with no entry was written in the manifest by hand.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub provenance: std::collections::BTreeMap<String, Provenance>,
}

impl Manifest {
    /// The parties in the order their signature blocks stand, left to right
    /// (`signature_order`, else the order of `parties`).
    /// What the text is, with its article (`nature`, else its kind or title).
    pub(crate) fn nature(&self) -> crate::french::Nature {
        match &self.nature {
            Some(n) => crate::french::Nature::parse(n),
            None if self.kind.starts_with("convention") => crate::french::Nature::of_noun("convention"),
            None => crate::french::Nature::of_noun(&self.title),
        }
    }

    pub(crate) fn signing_parties(&self) -> Vec<&Party> {
        if self.signature_order.is_empty() {
            self.parties.iter().collect()
        } else {
            // By id, once: a list of thousands of parties is not searched
            // once per name.
            let by_id: std::collections::HashMap<&str, &Party> =
                self.parties.iter().rev().map(|p| (p.id.as_str(), p)).collect();
            self.signature_order.iter().filter_map(|id| by_id.get(id.as_str()).copied()).collect()
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Party {
    /// Short stable id (`paris`, `ivry`).
    pub id: String,
    /// « la Ville de Paris », lower-case article, as it reads inside a sentence.
    pub nom: String,
    /// Who represents it: « la Maire de Paris ».
    #[serde(default)]
    pub representant: String,
    #[serde(default)]
    pub signataire: Signataire,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliberation: Option<Deliberation>,
    /// The grammatical gender of `nom`, as the text shows it (« représentée »,
    /// « dénommée », the article), else as its noun has it (commune, ville,
    /// métropole, région → féminin; département, syndicat, État → masculin).
    /// Every agreement of the frames (« représentée par », « ci-après
    /// dénommé ») follows it. Absent: the noun decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genre: Option<Genre>,
    /// Whether the party acts by a deliberation of its assembly (a
    /// collectivité, an EPCI, a syndicat, a GIP) — its frame then has a
    /// deliberation line — or not (a minister, an association, a company).
    /// Absent: the noun decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delibere: Option<bool>,
    /// How the text names the party afterwards (« ci-après dénommée « la
    /// Collectivité cliente » » → « la Collectivité cliente »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designation: Option<String>,
    /// Anything else the templates of this source use.
    #[serde(default, flatten, skip_serializing_if = "Map::is_empty")]
    pub(crate) extra: Map<String, Value>,
}

/// How a text takes effect, when not by its parties' signatures alone.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Approbation {
    /// The act that gives it effect.
    pub acte: Acte,
    /// The text is annexed to that act (« le cahier des charges annexé au
    /// décret n° 52-77 du 15 janvier 1952 »): it is not signed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub annexe: bool,
    /// The act's number as written (« 52-77 », « 2019-1230 »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numero: Option<String>,
    /// The act's date, ISO.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Who takes it: the assembly that adopts statuts (« comité syndical »),
    /// the minister or the préfet who approves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organe: Option<String>,
}

/// The act by which a text takes effect.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum Acte {
    /// Approved by arrêté (a convention nationale, a préfet's approval).
    #[serde(rename = "arrêté", alias = "arrete")]
    Arrete,
    /// Approved by décret (a State concession), or annexed to one.
    #[serde(rename = "décret", alias = "decret")]
    Decret,
    /// Adopted by a deliberation of an assembly (statuts, a règlement):
    /// no parties sign it.
    #[serde(rename = "délibération", alias = "deliberation")]
    Deliberation,
}

impl Acte {
    /// « l’arrêté », « le décret », « la délibération ».
    pub fn the(self) -> &'static str {
        match self {
            Acte::Arrete => "l’arrêté",
            Acte::Decret => "le décret",
            Acte::Deliberation => "la délibération",
        }
    }
    /// « arrêté », « décret », « délibération ».
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Acte::Arrete => "arrêté",
            Acte::Decret => "décret",
            Acte::Deliberation => "délibération",
        }
    }
}

impl Approbation {
    /// Whether the text is signed by its parties (then approved): not when
    /// annexed to an act, nor when adopted by an assembly.
    pub fn signed(&self) -> bool {
        !self.annexe && self.acte != Acte::Deliberation
    }
}

/// Grammatical gender of a party's name.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum Genre {
    #[serde(rename = "f")]
    Feminin,
    #[serde(rename = "m")]
    Masculin,
}

/// Where a fact of the manifest came from, keyed in `Manifest::provenance`
/// by the fact's name (the name `check` prints and `facts --set` takes:
/// `parties[paris].deliberation.numero`, `dates.signature`, `originaux`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub origine: Origine,
    /// The file it was read in (relative to the source, or as given to `import`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fichier: Option<String>,
    /// The line it was read at, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ligne: Option<usize>,
}

/// How a fact came to be known.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Origine {
    /// Read in the text by `import`.
    Lu,
    /// Set by a person (`facts --set`, the desk's form).
    Saisi,
    /// Drafted by clausier from the text (an avenant's objet from its changes).
    Redige,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Signataire {
    /// « Madame la Maire », « Monsieur le Maire ».
    #[serde(default)]
    pub civilite: String,
    /// « La Maire de Paris ».
    #[serde(default)]
    pub qualite: String,
    /// « Anne HIDALGO ».
    #[serde(default)]
    pub nom: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Deliberation {
    /// « Conseil de Paris », « conseil municipal »; empty when the text
    /// cites a deliberation without naming the body that took it.
    #[serde(default)]
    pub organe: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numero: Option<String>,
    /// ISO date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Sommaire {
    #[serde(default = "default_sommaire_title")]
    pub(crate) titre: String,
    /// Deepest outline level listed.
    #[serde(default = "default_levels")]
    pub(crate) niveaux: usize,
}

fn default_sommaire_title() -> String {
    "SOMMAIRE".into()
}
fn default_levels() -> usize {
    3
}

/// One division of the outline.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Stable id: never changes when divisions are renumbered.
    pub id: String,
    /// The division title (inline Markdown, handlebars allowed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) title: String,
    /// The fragment holding the division's own text, if it has any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) clause: Option<String>,
    /// `false` for unnumbered divisions (Préambule).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub(crate) numbered: bool,
    /// A label that is not the next number (« 3 bis. »), or that the source
    /// numbered irregularly; it does not consume a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) label: Option<String>,
    /// The sommaire's wording of this entry, when it differs from the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) toc: Option<String>,
    /// `false` to leave the division out of the sommaire, `true` to force it in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) in_toc: Option<bool>,
    /// Page number the source's sommaire states (Word refreshes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) page: Option<String>,
    /// Avenants that changed this division.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<String>,
    /// `true` for an annex that follows the closing (« Fait à … ») and the
    /// signature blocks in the signed text: the build prints it after them.
    /// Top-level divisions at the end of the outline only; absent, the
    /// division comes before the closing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) after_signatures: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) children: Vec<Node>,
}

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AppliedAvenant {
    pub(crate) numero: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) date: Option<String>,
    /// Fingerprint of the text it was applied to.
    pub base: String,
}

impl Node {
    pub(crate) fn walk<'a>(&'a self, out: &mut Vec<&'a Node>) {
        out.push(self);
        for c in &self.children {
            c.walk(out);
        }
    }
}

impl Manifest {
    pub(crate) fn nodes(&self) -> Vec<&Node> {
        let mut v = Vec::new();
        for n in &self.outline {
            n.walk(&mut v);
        }
        v
    }
}

/// The subject a document's properties state when its manifest gives none:
/// its kind, in words (« avenant-type » → « avenant type »).
pub(crate) fn subject_of_kind(kind: &str) -> String {
    kind.replace('-', " ")
}

/// The author a document's properties state when its manifest gives none:
/// the parties, named as the text names them, one after the other.
pub(crate) fn author_of_parties(parties: &[Party]) -> String {
    parties.iter().map(|p| crate::french::capitalize(&p.nom)).collect::<Vec<_>>().join(" – ")
}
