//! The facts form of a convention and of an avenant: which facts, by
//! party, with where each came from and what needs it. A fact is named as
//! `clausier check` and `clausier facts` name it
//! (`parties[paris].deliberation.numero`, `dates.signature`,
//! `deliberations[ivry].date`, `objet`), and what the form typed is read,
//! checked and set by the facts API (`facts::FactFiles`), the very code of
//! `clausier facts --set`: the desk has no rule of its own for a fact.

use crate::avenant::ChangeSet;
use crate::facts::{self, FactFiles, Missing};
use crate::source::{Manifest, Source};
use serde::Serialize;

/// How a fact is typed in: a date, a whole number, a line, a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Sorte {
    Date,
    Nombre,
    Texte,
    Paragraphe,
}

/// One fact, as the form shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Fait {
    /// The name `check` prints, and the form field's name.
    pub(crate) nom: String,
    pub(crate) libelle: String,
    /// An example of what to type, when it helps.
    pub(crate) exemple: &'static str,
    pub(crate) valeur: String,
    pub(crate) sorte: Sorte,
    /// Where it came from: « lu dans i.md, ligne 3 », « saisi », « rédigé par clausier ».
    pub(crate) origine: Option<String>,
    pub(crate) manque: bool,
    /// What needs it, when it is missing.
    pub(crate) besoin: Option<&'static str>,
}

/// The facts of one party or of the document, under one heading.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Groupe {
    pub(crate) titre: String,
    pub(crate) faits: Vec<Fait>,
}

fn need(m: &Missing) -> &'static str {
    match (m.blank, m.required) {
        (true, true) => "nécessaire pour signer",
        (true, false) => "imprimé en blanc, à compléter à la main",
        (false, true) => "nécessaire pour signer",
        (false, false) if m.field == "dates.adoption" => "nécessaire à l’échéancier",
        (false, false) => "non imprimé par ce texte",
    }
}

/// The form's short label under its party's heading (the facts API's label
/// names the party: « numéro de la délibération de la Ville de Paris »), an
/// example of what to type, and how it is typed.
fn label(field: &str) -> (&'static str, &'static str, Sorte) {
    let last = field.rsplit('.').next().unwrap_or(field);
    match (field, last) {
        (_, "representant") => ("Représenté(e) par", "la Maire de Paris", Sorte::Texte),
        (_, "organe") if field.starts_with("deliberations") => {
            ("Assemblée qui approuve l’avenant", "Conseil de Paris", Sorte::Texte)
        }
        (_, "organe") => ("Assemblée qui autorise la signature", "conseil municipal", Sorte::Texte),
        (_, "numero") => ("Numéro de la délibération", "2026 DU 123", Sorte::Texte),
        (_, "date") if field.contains('[') => ("Date de la délibération", "", Sorte::Date),
        (_, "civilite") => ("Civilité du signataire", "Madame la Maire", Sorte::Texte),
        (_, "qualite") => ("Qualité du signataire", "La Maire de Paris", Sorte::Texte),
        (_, "nom") if field.contains("signatai") => ("Nom du signataire", "Anne HIDALGO", Sorte::Texte),
        (_, "nom") => ("Nom de la partie, tel que le texte l’écrit", "la Ville de Paris", Sorte::Texte),
        (_, "genre") => ("Genre du nom (f ou m)", "f", Sorte::Texte),
        (_, "delibere") => ("Agit par délibération d’une assemblée (oui ou non)", "oui", Sorte::Texte),
        (_, "designation") => ("Désignation (« ci-après dénommée … »)", "la Ville", Sorte::Texte),
        ("dates.adoption", _) => ("Date d’adoption (point de départ des délais)", "", Sorte::Date),
        ("dates.signature", _) => ("Date de signature", "", Sorte::Date),
        ("originaux", _) => ("Nombre d’exemplaires originaux", "4", Sorte::Nombre),
        ("lieu", _) => ("Lieu de signature", "Paris", Sorte::Texte),
        ("date", _) => ("Date de signature de l’avenant", "", Sorte::Date),
        ("objet", _) => (
            "Objet de l’avenant (« Le présent avenant a pour objet … »)",
            "de porter la durée de la convention à trois ans",
            Sorte::Paragraphe,
        ),
        ("variables.cadre.adoption", _) => ("Délibérations qui ont adopté la convention-cadre", "", Sorte::Texte),
        _ => ("", "", Sorte::Texte),
    }
}

/// One fact of the facts API (`facts::list`, what `clausier facts`
/// prints) as the form shows it.
fn fait(f: &facts::Fact, missing: &[Missing]) -> Fait {
    let (short, exemple, sorte) = label(&f.name);
    let sorte = match f.kind {
        facts::Kind::Date => Sorte::Date,
        facts::Kind::Count => Sorte::Nombre,
        _ => sorte,
    };
    let m = missing.iter().find(|m| m.field == f.name);
    let valeur = f.value.clone().unwrap_or_default();
    Fait {
        nom: f.name.clone(),
        libelle: if short.is_empty() { crate::french::capitalize(&f.label) } else { short.to_string() },
        exemple,
        origine: (f.origin != facts::Origin::Absent).then(|| f.origin.text()),
        // An empty fact is wanting when something needs it or it prints as a
        // blank; an optional one (an avenant's entry into force) is not.
        manque: m.is_some() || (valeur.trim().is_empty() && (f.blank || !f.needed_by.is_empty())),
        besoin: m.map(need),
        valeur,
        sorte,
    }
}

/// The party a fact belongs to: `p` in `parties[p].…`, `deliberations[p].…`, `signataires[p].…`.
fn party_of(name: &str) -> Option<&str> {
    let (head, rest) = name.split_once('[')?;
    matches!(head, "parties" | "deliberations" | "signataires").then(|| rest.split(']').next())?
}

/// The facts grouped as the form shows them: by party, in the order of the
/// parties, then the document's own under `own`.
fn grouped(src: &Source, list: Vec<facts::Fact>, missing: &[Missing], own: (&str, bool)) -> Vec<Groupe> {
    let mut out: Vec<Groupe> = Vec::new();
    for p in &src.manifest.parties {
        let faits: Vec<Fait> =
            list.iter().filter(|f| party_of(&f.name) == Some(p.id.as_str())).map(|f| fait(f, missing)).collect();
        if !faits.is_empty() {
            out.push(Groupe { titre: crate::french::capitalize(p.nom.trim()), faits });
        }
    }
    let rest = list.iter().filter(|f| party_of(&f.name).is_none()).map(|f| fait(f, missing)).collect();
    let doc = Groupe { titre: own.0.into(), faits: rest };
    if own.1 {
        out.insert(0, doc);
    } else {
        out.push(doc);
    }
    out
}

/// The facts of a convention, by party, then the document's own.
pub(crate) fn of_source(src: &Source) -> Vec<Groupe> {
    let missing = facts::of_source(src);
    let mut list = facts::list(src, None);
    // Whatever else `check` names has its field too.
    let unlisted: Vec<&Missing> = missing.iter().filter(|m| !list.iter().any(|f| f.name == m.field)).collect();
    let extra: Vec<facts::Fact> = unlisted
        .into_iter()
        .map(|m| facts::Fact {
            name: m.field.clone(),
            label: m.what.clone(),
            value: None,
            origin: facts::Origin::Absent,
            needed_by: vec![],
            blank: m.blank,
            kind: facts::Kind::Text,
            of_avenant: false,
        })
        .collect();
    list.extend(extra);
    grouped(src, list, &missing, ("La convention", false))
}

/// What a source lacks to be signed, in French (the library page's column).
pub(crate) fn missing_to_sign(src: &Source) -> Vec<String> {
    let groups = of_source(src);
    facts::of_source(src)
        .iter()
        .filter(|m| m.required)
        .map(|m| {
            let party = groups.iter().find(|g| g.faits.iter().any(|f| f.nom == m.field)).map(|g| g.titre.clone());
            let l = label(&m.field).0;
            match (party, l.is_empty()) {
                (_, true) => m.what.clone(),
                (Some(p), false) if p != "La convention" => format!("{} ({})", l, p),
                _ => l.to_string(),
            }
        })
        .collect()
}

/// The facts of an avenant: its own, then by party; and those of the
/// convention its visas need (set on the convention's page).
pub(crate) fn of_avenant(src: &Source, cs: &ChangeSet) -> (Vec<Groupe>, Vec<String>) {
    let missing = facts::of_avenant(src, cs);
    let list: Vec<facts::Fact> = facts::list(src, Some(cs)).into_iter().filter(|f| f.of_avenant).collect();
    let mut out = grouped(src, list, &missing, ("L’avenant", true));
    // A signatory the avenant does not name is the convention's: shown as
    // such, the field left empty for another to be named.
    for f in out.iter_mut().flat_map(|g| g.faits.iter_mut()).filter(|f| f.nom.starts_with("signataires[")) {
        let named = party_of(&f.nom).is_some_and(|id| cs.signataires.iter().any(|s| s.partie == id));
        if !named && !f.valeur.is_empty() {
            f.origine = Some(format!("celui de la convention : {}", std::mem::take(&mut f.valeur)));
            f.manque = missing.iter().any(|m| m.field == f.nom);
        }
    }
    // Facts of the convention the avenant's visas cite (its date of signature…).
    let of_convention = missing
        .iter()
        .filter_map(|m| {
            let (_, field) = m.field.split_once(": ")?;
            Some(match field.strip_prefix("avenants[").and_then(|r| r.split_once(']')) {
                Some((n, _)) => format!("la date de l’avenant n° {} (cité dans les visas)", n),
                None if field == "dates.signature" => "la date de signature de la convention (premier visa)".into(),
                None => m.what.clone(),
            })
        })
        .collect();
    (out, of_convention)
}

/// What the form sent that differs from what is stored, checked.
pub(crate) struct Saisie {
    /// name, before, after (empty: unset).
    pub(crate) changes: Vec<(String, String, String)>,
    /// name → what is wrong with the value typed, in French.
    pub(crate) errors: Vec<(String, String)>,
}

/// What the form typed for one fact, as the facts API reads it: the value
/// it would store, or what is wrong with it in French. A paragraph (the
/// objet, typed in a text area) is one sentence: its line breaks are spaces.
fn read(files: &FactFiles, name: &str, raw: &str) -> Result<Option<String>, Unaccepted> {
    let sorte = label(name).2;
    let typed = match sorte {
        Sorte::Paragraphe => raw.split_whitespace().collect::<Vec<_>>().join(" "),
        _ => raw.trim().to_string(),
    };
    if typed.chars().count() > 2000 {
        return Err(Unaccepted::TooLong);
    }
    files.read(name, &typed).map_err(|e| match sorte {
        Sorte::Date => Unaccepted::Date,
        Sorte::Nombre => Unaccepted::Number,
        Sorte::Texte if typed.contains('\n') => Unaccepted::OneLine,
        _ => Unaccepted::Fact(e),
    })
}

/// What is wrong with a value typed in the form, shown beside its field.
#[derive(Debug, thiserror::Error)]
enum Unaccepted {
    #[error("date non reconnue : écrivez-la 10/03/2026 ou 10 mars 2026")]
    Date,
    #[error("un nombre entier de 1 à 99")]
    Number,
    #[error("une seule ligne")]
    OneLine,
    #[error("trop long (2 000 caractères au plus)")]
    TooLong,
    /// Refused by the facts API, in its words.
    #[error("{0}")]
    Fact(crate::Error),
}

/// The changes the form makes to the facts (only the fields it shows),
/// each value read as `clausier facts --set` reads it.
fn diff(files: &FactFiles, groups: &[Groupe], form: &[(String, String)]) -> Saisie {
    let mut s = Saisie { changes: vec![], errors: vec![] };
    for f in groups.iter().flat_map(|g| &g.faits) {
        let Some((_, typed)) = form.iter().find(|(k, _)| *k == f.nom) else { continue };
        match read(files, &f.nom, typed) {
            Err(e) => s.errors.push((f.nom.clone(), e.to_string())),
            Ok(v) => {
                // What was shown is read by the same rule as what was typed:
                // « oui » shown for a party that deliberates by its noun and
                // sent back untouched is no change (it reads `true` both
                // ways), and so is recorded neither as typed nor at all.
                let shown = read(files, &f.nom, &f.valeur).ok().flatten();
                if v != shown {
                    s.changes.push((f.nom.clone(), f.valeur.clone(), v.unwrap_or_default()));
                }
            }
        }
    }
    s
}

/// Sets every change through the facts API (which records each as
/// « saisi » and checks the whole file), or says which one it refused.
fn set_all(files: &mut FactFiles, s: &mut Saisie) -> bool {
    for (name, _, after) in &s.changes {
        if let Err(e) = files.set(name, after) {
            s.errors.push((name.clone(), e.to_string()));
            return false;
        }
    }
    true
}

/// The form's changes to a convention's facts: the new manifest, or what is wrong.
pub(crate) fn set_source(src: &Source, form: &[(String, String)]) -> (Saisie, Option<Manifest>) {
    let mut files = match FactFiles::in_memory(src.clone(), None) {
        Ok(f) => f,
        Err(e) => return (Saisie { changes: vec![], errors: vec![(String::new(), e.to_string())] }, None),
    };
    let mut s = diff(&files, &of_source(src), form);
    if !s.errors.is_empty() || s.changes.is_empty() || !set_all(&mut files, &mut s) {
        return (s, None);
    }
    (s, Some(files.source().manifest.clone()))
}

/// The form's changes to an avenant's facts: the new change set, or what is wrong.
pub(crate) fn set_avenant(src: &Source, cs: &ChangeSet, form: &[(String, String)]) -> (Saisie, Option<ChangeSet>) {
    let mut files = match FactFiles::in_memory(src.clone(), Some(cs)) {
        Ok(f) => f,
        Err(e) => return (Saisie { changes: vec![], errors: vec![(String::new(), e.to_string())] }, None),
    };
    let mut s = diff(&files, &of_avenant(src, cs).0, form);
    if !s.errors.is_empty() || s.changes.is_empty() || !set_all(&mut files, &mut s) {
        return (s, None);
    }
    let Some(mut c) = files.changeset() else {
        s.errors.push((String::new(), "l’avenant ne se relit plus".into()));
        return (s, None);
    };
    match drop_empty(&mut c) {
        Ok(()) => (s, Some(c)),
        Err(e) => {
            s.errors.push((String::new(), e.to_string()));
            (s, None)
        }
    }
}

/// A party whose every field was emptied names no one; then the change
/// set's own checks.
fn drop_empty(c: &mut ChangeSet) -> Result<(), crate::avenant::ops::InvalidChangeSet> {
    c.signataires.retain(|x| !(x.nom.is_empty() && x.qualite.is_empty() && x.civilite.is_empty()));
    c.deliberations.retain(|x| !(x.organe.is_empty() && x.numero.is_none() && x.date.is_none()));
    c.validate()
}

/// The groups with the values the person typed, and the errors beside
/// their fields: a refused form is shown again, nothing typed is lost.
pub(crate) fn with_typed(mut groups: Vec<Groupe>, form: &[(String, String)]) -> Vec<Groupe> {
    for f in groups.iter_mut().flat_map(|g| g.faits.iter_mut()) {
        if let Some((_, v)) = form.iter().find(|(k, _)| *k == f.nom) {
            f.valeur = v.clone();
        }
    }
    groups
}
