//! THE SEAM for the facts API. The facts form of a convention and of an
//! avenant, built on what the library has today: `facts::of_source` and
//! `facts::of_avenant` (what is missing, whether it is printed as a blank,
//! whether the originals need it) and the manifest's `provenance`. A fact
//! is named as `clausier check` names it (`parties[paris].deliberation.numero`,
//! `dates.signature`, `deliberations[ivry].date`, `objet`) and set by that
//! name, as a path into the manifest or the change set.
//!
//! When the facts API lands (`clausier facts SOURCE --set NAME=VALUE`, a
//! `Fact` list with name, label, value, origin, needed_by), `of_source`,
//! `of_avenant`, `set_source` and `set_avenant` become calls to it, and the
//! rest of the desk does not change: it only sees `Fait` and `Saisie`.

use crate::avenant::ChangeSet;
use crate::facts::{self, Missing};
use crate::french::Date;
use crate::source::{Manifest, Origine, Provenance, Source};
use serde::Serialize;
use serde_json::Value;

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
        (_, "nom") => ("Nom du signataire", "Anne HIDALGO", Sorte::Texte),
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

/// Where a fact came from, as the legal service reads it.
fn origin(p: Option<&Provenance>, set: bool) -> Option<String> {
    match p {
        Some(p) => Some(match p.origine {
            Origine::Lu => match (&p.fichier, p.ligne) {
                (Some(f), Some(l)) => format!("lu dans {}, ligne {}", f, l),
                (Some(f), None) => format!("lu dans {}", f),
                _ => "lu dans le texte".into(),
            },
            Origine::Saisi => "saisi".into(),
            Origine::Redige => "rédigé par clausier".into(),
        }),
        None if set => Some("écrit dans le manifeste".into()),
        None => None,
    }
}

/// Reads the value at a fact's name in `root` (a manifest or a change set as JSON).
fn get(root: &Value, name: &str) -> Option<String> {
    let mut v = root;
    for seg in name.split('.') {
        v = match seg.split_once('[') {
            Some((key, id)) => {
                let id = id.trim_end_matches(']');
                v.get(key)?
                    .as_array()?
                    .iter()
                    .find(|x| x.get("id").or(x.get("partie")).and_then(Value::as_str) == Some(id))?
            }
            None => v.get(seg)?,
        };
    }
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn fait(root: &Value, name: String, missing: &[Missing], prov: Option<&Provenance>) -> Fait {
    fait_in(root, name, missing, prov, "écrit dans le manifeste")
}

fn fait_in(root: &Value, name: String, missing: &[Missing], prov: Option<&Provenance>, stated: &str) -> Fait {
    let (l, exemple, sorte) = label(&name);
    let m = missing.iter().find(|m| m.field == name);
    let valeur = get(root, &name).unwrap_or_default();
    let libelle = if l.is_empty() { m.map_or_else(|| name.clone(), |m| m.what.clone()) } else { l.to_string() };
    Fait {
        origine: origin(prov, !valeur.is_empty()).map(|o| if prov.is_none() { stated.to_string() } else { o }),
        manque: m.is_some() || valeur.trim().is_empty(),
        besoin: m.map(need),
        nom: name,
        libelle,
        exemple,
        valeur,
        sorte,
    }
}

fn party_fields(prefix: &str, fields: &[&str]) -> Vec<String> {
    fields.iter().map(|f| format!("{}.{}", prefix, f)).collect()
}

/// The facts of a convention, by party, then the document's own.
pub(crate) fn of_source(src: &Source) -> Vec<Groupe> {
    let m = &src.manifest;
    let missing = facts::of_source(src);
    let root = serde_json::to_value(m).unwrap_or(Value::Null);
    let mut named: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for p in &m.parties {
        let prefix = format!("parties[{}]", p.id);
        let fields = party_fields(
            &prefix,
            &[
                "representant",
                "deliberation.organe",
                "deliberation.numero",
                "deliberation.date",
                "signataire.civilite",
                "signataire.qualite",
                "signataire.nom",
            ],
        );
        named.extend(fields.clone());
        let faits = fields.into_iter().map(|f| fait(&root, f.clone(), &missing, m.provenance.get(&f))).collect();
        out.push(Groupe { titre: crate::french::capitalize(p.nom.trim()), faits });
    }
    let mut own: Vec<String> = ["dates.adoption", "dates.signature", "lieu", "originaux"].map(String::from).to_vec();
    // Whatever else `check` names has its field too.
    for f in missing.iter().map(|x| x.field.clone()) {
        if !named.contains(&f) && !own.contains(&f) {
            own.push(f);
        }
    }
    let faits = own.into_iter().map(|f| fait(&root, f.clone(), &missing, m.provenance.get(&f))).collect();
    out.push(Groupe { titre: "La convention".into(), faits });
    out
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
    let root = serde_json::to_value(cs).unwrap_or(Value::Null);
    let own = ["objet", "date", "lieu"].map(String::from);
    let mut out = vec![Groupe {
        titre: "L’avenant".into(),
        faits: own.into_iter().map(|f| fait_in(&root, f, &missing, None, "dans l’avenant")).collect(),
    }];
    for p in &src.manifest.parties {
        let mut fields = party_fields(&format!("deliberations[{}]", p.id), &["organe", "numero", "date"]);
        fields.extend(party_fields(&format!("signataires[{}]", p.id), &["civilite", "qualite", "nom"]));
        let mut faits: Vec<Fait> =
            fields.into_iter().map(|f| fait_in(&root, f, &missing, None, "dans l’avenant")).collect();
        // The signatory is the convention's unless another is named.
        for f in faits.iter_mut().filter(|f| f.nom.starts_with("signataires[")) {
            f.manque = missing.iter().any(|m| m.field == f.nom);
            if f.valeur.is_empty() {
                let s = &p.signataire;
                let was = match f.nom.rsplit('.').next() {
                    Some("civilite") => &s.civilite,
                    Some("qualite") => &s.qualite,
                    _ => &s.nom,
                };
                if !was.is_empty() {
                    f.origine = Some(format!("celui de la convention : {}", was));
                }
            }
        }
        out.push(Groupe { titre: crate::french::capitalize(p.nom.trim()), faits });
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

const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A date as people type it: `2026-03-10`, `10/03/2026`, « 10 mars 2026 », « 1er mars 2026 ».
pub(crate) fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Some(d) = Date::parse(s) {
        return Some(d);
    }
    let (d, m, y) = if let Some((d, rest)) = s.split_once('/') {
        let (m, y) = rest.split_once('/')?;
        (d.trim().parse::<u32>().ok()?, m.trim().parse::<u32>().ok()?, y.trim())
    } else {
        let w: Vec<&str> = s.split_whitespace().collect();
        let [d, m, y] = w[..] else { return None };
        let d = d.trim_end_matches("er").parse::<u32>().ok()?;
        let m = MOIS.iter().position(|x| *x == m.to_lowercase())? as u32 + 1;
        (d, m, y)
    };
    Date::parse(&format!("{:0>4}-{:02}-{:02}", y, m, d))
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
    #[error("pas un objet")]
    NotAnObject,
    #[error("pas une liste")]
    NotAList,
    #[error("« {id} » n’est pas une partie")]
    NotAParty { id: String },
    #[error("nom de fait incomplet")]
    Incomplete,
    /// The change set the form makes, refused by its own checks.
    #[error("{0}")]
    ChangeSet(#[from] crate::avenant::ops::InvalidChangeSet),
}

/// The value to store for `name`, or what is wrong with it.
fn checked(name: &str, raw: &str) -> Result<Option<Value>, Unaccepted> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    match label(name).2 {
        Sorte::Date => parse_date(v).map(|d| Some(Value::String(d.iso()))).ok_or(Unaccepted::Date),
        Sorte::Nombre => match v.parse::<u32>() {
            Ok(n) if (1..=99).contains(&n) => Ok(Some(Value::from(n))),
            _ => Err(Unaccepted::Number),
        },
        Sorte::Texte if v.contains('\n') => Err(Unaccepted::OneLine),
        _ if v.chars().count() > 2000 => Err(Unaccepted::TooLong),
        _ => Ok(Some(Value::String(v.to_string()))),
    }
}

/// Sets the value at `name` in `root`; `new` builds the array element a
/// name with `[id]` designates when it is not there (`None`: refused).
fn put(
    root: &mut Value,
    name: &str,
    value: Option<Value>,
    new: &dyn Fn(&str, &str) -> Option<Value>,
) -> Result<(), Unaccepted> {
    let segs: Vec<&str> = name.split('.').collect();
    let mut v = root;
    for (k, seg) in segs.iter().enumerate() {
        let last = k + 1 == segs.len();
        if let Some((key, id)) = seg.split_once('[') {
            let id = id.trim_end_matches(']');
            let arr =
                v.as_object_mut().ok_or(Unaccepted::NotAnObject)?.entry(key).or_insert_with(|| Value::Array(vec![]));
            let arr = arr.as_array_mut().ok_or(Unaccepted::NotAList)?;
            let at = arr.iter().position(|x| x.get("id").or(x.get("partie")).and_then(Value::as_str) == Some(id));
            let at = match at {
                Some(a) => a,
                None => {
                    arr.push(new(key, id).ok_or_else(|| Unaccepted::NotAParty { id: id.to_string() })?);
                    arr.len() - 1
                }
            };
            v = &mut arr[at];
        } else if last {
            let o = v.as_object_mut().ok_or(Unaccepted::NotAnObject)?;
            match value {
                Some(x) => o.insert(seg.to_string(), x),
                None => o.remove(*seg),
            };
            return Ok(());
        } else {
            let o = v.as_object_mut().ok_or(Unaccepted::NotAnObject)?;
            v = o.entry(seg.to_string()).or_insert_with(|| Value::Object(Default::default()));
        }
    }
    Err(Unaccepted::Incomplete)
}

/// The changes the form makes to `facts` (only the fields it shows).
fn diff(groups: &[Groupe], form: &[(String, String)]) -> Saisie {
    let mut s = Saisie { changes: vec![], errors: vec![] };
    for f in groups.iter().flat_map(|g| &g.faits) {
        let Some((_, typed)) = form.iter().find(|(k, _)| *k == f.nom) else { continue };
        match checked(&f.nom, typed) {
            Err(e) => s.errors.push((f.nom.clone(), e.to_string())),
            Ok(v) => {
                let after =
                    v.as_ref().map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string)).unwrap_or_default();
                if after != f.valeur {
                    s.changes.push((f.nom.clone(), f.valeur.clone(), after));
                }
            }
        }
    }
    s
}

/// Applies `changes` to a value that deserializes as `T`, keeping a
/// required text field as empty rather than absent.
fn apply<T: serde::de::DeserializeOwned>(
    mut root: Value,
    changes: &[(String, String, String)],
    new: &dyn Fn(&str, &str) -> Option<Value>,
) -> Result<T, (String, String)> {
    for (name, _, after) in changes {
        let at = |e: Unaccepted| (name.clone(), e.to_string());
        let value = checked(name, after).map_err(at)?;
        let was_none = value.is_none();
        put(&mut root, name, value, new).map_err(at)?;
        if was_none && serde_json::from_value::<T>(root.clone()).is_err() {
            put(&mut root, name, Some(Value::String(String::new())), new).map_err(at)?;
        }
    }
    serde_json::from_value(root).map_err(|e| (String::new(), e.to_string()))
}

/// The form's changes to a convention's facts: the new manifest (each fact
/// set marked « saisi » in its provenance), or what is wrong.
pub(crate) fn set_source(src: &Source, form: &[(String, String)]) -> (Saisie, Option<Manifest>) {
    let mut s = diff(&of_source(src), form);
    if !s.errors.is_empty() || s.changes.is_empty() {
        return (s, None);
    }
    let root = serde_json::to_value(&src.manifest).unwrap_or(Value::Null);
    match apply::<Manifest>(root, &s.changes, &|_, _| None) {
        Ok(mut m) => {
            for (name, _, after) in &s.changes {
                if after.is_empty() {
                    m.provenance.remove(name);
                } else {
                    m.provenance
                        .insert(name.clone(), Provenance { origine: Origine::Saisi, fichier: None, ligne: None });
                }
            }
            (s, Some(m))
        }
        Err(e) => {
            s.errors.push(e);
            (s, None)
        }
    }
}

/// The form's changes to an avenant's facts: the new change set, or what is wrong.
pub(crate) fn set_avenant(src: &Source, cs: &ChangeSet, form: &[(String, String)]) -> (Saisie, Option<ChangeSet>) {
    let mut s = diff(&of_avenant(src, cs).0, form);
    if !s.errors.is_empty() || s.changes.is_empty() {
        return (s, None);
    }
    let ids: Vec<String> = src.manifest.parties.iter().map(|p| p.id.clone()).collect();
    let new = |key: &str, id: &str| -> Option<Value> {
        if !ids.iter().any(|i| i == id) {
            return None;
        }
        match key {
            "deliberations" => Some(serde_json::json!({ "partie": id, "organe": "" })),
            "signataires" => Some(serde_json::json!({ "partie": id, "nom": "" })),
            _ => None,
        }
    };
    let root = serde_json::to_value(cs).unwrap_or(Value::Null);
    match apply::<ChangeSet>(root, &s.changes, &new) {
        Ok(mut c) => match drop_empty(&mut c) {
            Ok(()) => (s, Some(c)),
            Err(e) => {
                s.errors.push((String::new(), e.to_string()));
                (s, None)
            }
        },
        Err(e) => {
            s.errors.push(e);
            (s, None)
        }
    }
}

/// A party whose every field was emptied names no one; then the change
/// set's own checks.
fn drop_empty(c: &mut ChangeSet) -> Result<(), Unaccepted> {
    c.signataires.retain(|x| !(x.nom.is_empty() && x.qualite.is_empty() && x.civilite.is_empty()));
    c.deliberations.retain(|x| !(x.organe.is_empty() && x.numero.is_none() && x.date.is_none()));
    Ok(c.validate()?)
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
