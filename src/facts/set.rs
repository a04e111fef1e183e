//! Setting a fact by its name — the name `check` prints and `facts` lists —
//! without editing JSON: the value is read and checked for what the fact is
//! (a date, a number, a term the calendar counts, a party that exists), its
//! provenance recorded as `saisi`, and the file written whole, in one step,
//! its keys in their order (serde_json's `preserve_order`).

use super::list::{Fact, Kind};
use crate::avenant::ChangeSet;
use crate::error::{Bug, Error, FactRefused, Result};
use crate::input::{read_utf8, CHANGE_SET, MANIFEST};
use crate::source::{Manifest, Source};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// `NAME=VALUE`, as given to `--set`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub value: String,
}

/// A `--set` argument without its `=`, or without a name before it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("« {given} »: expected NAME=VALUE (parties[paris].deliberation.numero=2026 SG 123)")]
pub struct NotAnAssignment {
    pub given: String,
}

impl std::str::FromStr for Assignment {
    type Err = NotAnAssignment;
    fn from_str(s: &str) -> std::result::Result<Assignment, NotAnAssignment> {
        match s.split_once('=') {
            Some((n, v)) if !n.trim().is_empty() => Ok(Assignment { name: n.trim().to_string(), value: v.to_string() }),
            _ => Err(NotAnAssignment { given: s.to_string() }),
        }
    }
}

/// Which file a fact lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum File {
    Source,
    Avenant,
}

/// One step from a file's root to a fact.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    /// The party of `parties` with this id.
    Party(String),
    /// The entry of the change set's list (`deliberations`, `signataires`)
    /// for this party, made when there is none.
    Entry(&'static str, String),
    /// The applied avenant with this number.
    Avenant(u32),
}

/// Where a fact is set, and how its value is read.
#[derive(Debug, Clone)]
struct Slot {
    file: File,
    steps: Vec<Step>,
    kind: Kind,
    /// The fact's name as `facts` lists it.
    name: String,
}

/// `parties[paris].deliberation.numero` → (parties, paris), (deliberation), (numero).
fn segments(name: &str) -> Option<Vec<(String, Option<String>)>> {
    let mut out = Vec::new();
    for part in name.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((k, rest)) => (k, Some(rest.strip_suffix(']')?.trim().to_string())),
            None => (part, None),
        };
        if key.is_empty() || !key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
            return None;
        }
        out.push((key.to_string(), index));
    }
    Some(out)
}

/// The facts a source and an avenant to it hold, in memory until saved.
pub struct FactFiles {
    source: Source,
    manifest: Value,
    avenant: Option<(PathBuf, Value)>,
    changed: [bool; 2],
}

fn json_error(path: &Path, e: serde_json::Error) -> Error {
    Error::json(path, e)
}

impl FactFiles {
    /// The source at `source` (and the change set at `avenant`).
    pub fn open(source: &Path, avenant: Option<&Path>) -> Result<FactFiles> {
        let src = Source::load(source)?;
        let path = src.manifest_path();
        let manifest: Value =
            serde_json::from_str(&read_utf8(&path, MANIFEST, "a manifest")?).map_err(|e| json_error(&path, e))?;
        let avenant = match avenant {
            Some(a) => {
                let cs = crate::avenant::load(a)?;
                crate::avenant::check_parties(&cs, &src.manifest, a)?;
                let v: Value =
                    serde_json::from_str(&read_utf8(a, CHANGE_SET, "a change set")?).map_err(|e| json_error(a, e))?;
                Some((a.to_path_buf(), v))
            }
            None => None,
        };
        Ok(FactFiles { source: src, manifest, avenant, changed: [false, false] })
    }

    /// The facts of a source (and of a change set to it) already in
    /// memory, as the desk holds them: set and listed as `open`'s, never
    /// saved (the caller writes the manifest or the change set it gets back).
    pub fn in_memory(source: Source, avenant: Option<&ChangeSet>) -> Result<FactFiles> {
        let manifest = serde_json::to_value(&source.manifest).map_err(|e| Error::Internal(e.into()))?;
        let avenant = match avenant {
            Some(cs) => Some((PathBuf::new(), serde_json::to_value(cs).map_err(|e| Error::Internal(e.into()))?)),
            None => None,
        };
        Ok(FactFiles { source, manifest, avenant, changed: [false, false] })
    }

    /// The value `typed` would give the fact `name`, read and checked as
    /// `set` reads it (None: the fact is removed), without setting it.
    pub fn read(&self, name: &str, typed: &str) -> Result<Option<String>> {
        let slot = self.resolve(name.trim())?;
        Ok(read_value(&slot, typed)?.map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)))
    }

    /// The source, with the facts set so far.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The change set, with the facts set so far.
    pub fn changeset(&self) -> Option<ChangeSet> {
        self.avenant.as_ref().and_then(|(_, v)| serde_json::from_value(v.clone()).ok())
    }

    /// Every fact, as `facts` lists it.
    pub fn list(&self) -> Vec<Fact> {
        super::list(&self.source, self.changeset().as_ref())
    }

    /// The names a fact may be set by (for « did you mean »).
    fn known_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.list().into_iter().map(|f| f.name).collect();
        for n in ["lieu", "originaux", "nature", "intitule", "numero", "dates.signature", "dates.adoption"] {
            names.push(n.into());
        }
        for n in
            ["approbation.acte", "approbation.numero", "approbation.date", "approbation.organe", "approbation.annexe"]
        {
            names.push(n.into());
        }
        if self.avenant.is_some() {
            for n in ["date", "objet", "entree_en_vigueur", "titre"] {
                names.push(n.into());
            }
        }
        names.sort();
        names.dedup();
        names
    }

    fn unknown(&self, name: &str) -> Error {
        let names = self.known_names();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        // A name far longer than any fact's is no misspelling of one (and
        // the edit distance would cost its length times theirs).
        let near = if name.chars().count() <= 200 { crate::templates::closest(name, &refs) } else { None };
        let name: String = name.chars().take(200).collect();
        Error::from(FactRefused::Unknown { name, near: near.map(str::to_string) })
    }

    fn party(&self, id: &str, name: &str) -> Result<()> {
        let ids: Vec<&str> = self.source.manifest.parties.iter().map(|p| p.id.as_str()).collect();
        if ids.contains(&id) {
            return Ok(());
        }
        Err(Error::from(FactRefused::NotAParty {
            fact: name.to_string(),
            id: id.to_string(),
            folder: self.source.dir.clone(),
            near: crate::templates::closest(id, &ids).map(str::to_string),
            parties: ids.iter().map(|p| p.to_string()).collect(),
        }))
    }

    fn need_avenant(&self, name: &str) -> Result<()> {
        match self.avenant {
            Some(_) => Ok(()),
            None => Err(Error::from(FactRefused::OfAnAvenant { fact: name.to_string() })),
        }
    }

    /// How a variable is read: a term the calendar counts, or words the
    /// source already has (a variable `facts` does not know is no fact).
    fn variable_kind(&self, canonical: &str, path: &[&str], name: &str) -> Result<Kind> {
        if crate::calendar::TERMS.iter().any(|t| t.name == canonical) {
            return Ok(Kind::Duree);
        }
        let mut at = self.source.manifest.variables.get(path[0]);
        for k in &path[1..] {
            at = at.and_then(|v| v.get(*k));
        }
        if at.is_some_and(Value::is_string) || canonical == "variables.cadre.adoption" {
            Ok(Kind::Text)
        } else {
            Err(self.unknown(name))
        }
    }

    /// Where `name` is set.
    fn resolve(&self, name: &str) -> Result<Slot> {
        let canonical = match name.strip_prefix("duree.").or_else(|| name.strip_prefix("cadre.")) {
            Some(_) => format!("variables.{}", name),
            None => name.to_string(),
        };
        let segs = segments(&canonical).ok_or_else(|| self.unknown(name))?;
        let key = |s: &str| Step::Key(s.to_string());
        let slot = |file, steps, kind| Ok(Slot { file, steps, kind, name: canonical.clone() });
        let rest: Vec<&str> = segs.iter().skip(1).map(|(k, _)| k.as_str()).collect();
        if segs.iter().skip(1).any(|(_, i)| i.is_some()) {
            return Err(self.unknown(name));
        }
        match (segs[0].0.as_str(), segs[0].1.as_deref(), rest.as_slice()) {
            ("parties", Some(id), r) => {
                self.party(id, name)?;
                let kind = match r {
                    ["nom" | "representant" | "designation"] => Kind::Text,
                    ["genre"] => Kind::Genre,
                    ["delibere"] => Kind::OuiNon,
                    ["signataire", "civilite" | "qualite" | "nom"] | ["deliberation", "organe" | "numero"] => {
                        Kind::Text
                    }
                    ["deliberation", "date"] => Kind::Date,
                    _ => return Err(self.unknown(name)),
                };
                let mut steps = vec![Step::Party(id.to_string())];
                steps.extend(r.iter().map(|k| key(k)));
                slot(File::Source, steps, kind)
            }
            (list @ ("deliberations" | "signataires"), Some(id), r) => {
                self.need_avenant(name)?;
                self.party(id, name)?;
                let kind = match (list, r) {
                    ("deliberations", ["organe" | "numero"]) | ("signataires", ["civilite" | "qualite" | "nom"]) => {
                        Kind::Text
                    }
                    ("deliberations", ["date"]) => Kind::Date,
                    _ => return Err(self.unknown(name)),
                };
                let list: &'static str = if list == "deliberations" { "deliberations" } else { "signataires" };
                slot(File::Avenant, vec![Step::Entry(list, id.to_string()), key(r[0])], kind)
            }
            ("avenants", Some(n), ["date"]) => {
                let numbers: Vec<String> = self.source.manifest.avenants.iter().map(|a| a.numero.to_string()).collect();
                match n.parse::<u32>() {
                    Ok(k) if numbers.contains(&k.to_string()) => {
                        slot(File::Source, vec![Step::Avenant(k), key("date")], Kind::Date)
                    }
                    _ => Err(Error::from(FactRefused::NoSuchAvenant {
                        fact: name.to_string(),
                        folder: self.source.dir.clone(),
                        numero: n.to_string(),
                        integrated: numbers,
                    })),
                }
            }
            ("dates", None, [k]) => slot(File::Source, vec![key("dates"), key(k)], Kind::Date),
            ("variables", None, r) if !r.is_empty() => {
                let kind = self.variable_kind(&canonical, r, name)?;
                let mut steps = vec![key("variables")];
                steps.extend(r.iter().map(|k| key(k)));
                slot(File::Source, steps, kind)
            }
            ("approbation", None, [k]) => {
                let kind = match *k {
                    "acte" => Kind::Acte,
                    "numero" | "organe" => Kind::Text,
                    "date" => Kind::Date,
                    "annexe" => Kind::OuiNon,
                    _ => return Err(self.unknown(name)),
                };
                if *k != "acte" && self.manifest.get("approbation").is_none() {
                    return Err(Error::from(FactRefused::ActFirst { fact: name.to_string() }));
                }
                slot(File::Source, vec![key("approbation"), key(k)], kind)
            }
            (k @ ("date" | "objet" | "entree_en_vigueur" | "titre"), None, []) => {
                self.need_avenant(name)?;
                slot(File::Avenant, vec![key(k)], if k == "date" { Kind::Date } else { Kind::Text })
            }
            (k @ ("originaux" | "lieu"), None, []) => {
                let file = if self.avenant.is_some() { File::Avenant } else { File::Source };
                slot(file, vec![key(k)], if k == "originaux" { Kind::Count } else { Kind::Text })
            }
            (k @ ("nature" | "intitule" | "numero" | "title"), None, []) if self.avenant.is_none() || k != "numero" => {
                slot(File::Source, vec![key(k)], Kind::Text)
            }
            _ => Err(self.unknown(name)),
        }
    }

    /// Sets `name` to `value` (an empty value removes the fact), checked
    /// for what it is; nothing is written until `save`. Gives the fact as it
    /// now stands.
    pub fn set(&mut self, name: &str, value: &str) -> Result<Fact> {
        let slot = self.resolve(name.trim())?;
        let parsed = read_value(&slot, value)?;
        let root = match slot.file {
            File::Source => self.manifest.clone(),
            File::Avenant => self.avenant.as_ref().map(|(_, v)| v.clone()).unwrap_or(Value::Null),
        };
        let before = root.clone();
        let mut root = root;
        self.write_into(&mut root, &slot, parsed)?;
        // Checked as the whole file before it is kept.
        match slot.file {
            File::Source => {
                let m: Manifest = serde_json::from_value(root.clone()).map_err(|e| rejected(name, e))?;
                crate::source::check_manifest(&self.source.manifest_path(), &m)?;
                crate::calendar::Terms::of(&m).map_err(|why| rejected(name, why))?;
                place_new_keys(&mut root, &before, &serde_json::to_value(&m).unwrap_or(Value::Null));
                self.source.manifest = m;
                self.manifest = root;
                self.changed[0] = true;
            }
            File::Avenant => {
                let cs: ChangeSet = serde_json::from_value(root.clone()).map_err(|e| rejected(name, e))?;
                cs.validate().map_err(|why| rejected(name, why))?;
                place_new_keys(&mut root, &before, &serde_json::to_value(&cs).unwrap_or(Value::Null));
                if let Some((_, v)) = &mut self.avenant {
                    *v = root;
                }
                self.changed[1] = true;
            }
        }
        self.list()
            .into_iter()
            .find(|f| f.name == slot.name)
            .ok_or_else(|| Error::Internal(Bug::FactNotListed { fact: slot.name.to_string() }))
    }

    /// Carries out one assignment on the file's JSON.
    fn write_into(&self, root: &mut Value, slot: &Slot, value: Option<Value>) -> Result<()> {
        let (last, path) = slot.steps.split_last().expect("a fact has a name");
        let Step::Key(last) = last else { return Err(Error::Internal(Bug::FactWithoutKey)) };
        let set = value.is_some();
        if slot.name == "approbation.acte" && !set {
            // No act: the text is signed by its parties, and that is all.
            if let Some(o) = root.as_object_mut() {
                o.remove("approbation");
            }
        } else {
            let mut at: &mut Value = root;
            for step in path {
                at = self.step(at, step)?;
            }
            let obj = at
                .as_object_mut()
                .ok_or_else(|| Error::from(FactRefused::PlaceNotAnObject { fact: slot.name.clone() }))?;
            let required =
                |list: &str, key: &str| matches!(path.last(), Some(Step::Entry(l, _)) if *l == list) && last == key;
            match value {
                Some(v) => {
                    obj.insert(last.clone(), v);
                }
                // Fields the schema requires stay, empty.
                None if required("deliberations", "organe") || required("signataires", "nom") => {
                    obj.insert(last.clone(), json!(""));
                }
                None if matches!(path.last(), Some(Step::Party(_))) && last == "nom" => {
                    return Err(Error::from(FactRefused::NameRequired { fact: slot.name.clone() }));
                }
                None => {
                    obj.remove(last);
                }
            }
        }
        one_home(root, slot);
        // Where the value came from: typed by a person.
        let Some(file) = root.as_object_mut() else { return Ok(()) };
        let prov = file.entry("provenance").or_insert_with(|| json!({}));
        if let Some(p) = prov.as_object_mut() {
            if set {
                p.insert(slot.name.clone(), json!({ "origine": "saisi" }));
            } else {
                p.remove(&slot.name);
            }
            if p.is_empty() {
                file.remove("provenance");
            }
        }
        Ok(())
    }

    /// One step down, making what is missing on the way: an object under a
    /// key; for a party's list entry (a change set's deliberation or
    /// signatory), one made from what the convention says of that party.
    fn step<'v>(&self, at: &'v mut Value, step: &Step) -> Result<&'v mut Value> {
        let obj = at.as_object_mut().ok_or_else(|| Error::from(FactRefused::FileNotAnObject))?;
        let in_list = |obj: &'v mut Map<String, Value>, key: &str| -> Result<&'v mut Vec<Value>> {
            let list = obj.entry(key.to_string()).or_insert_with(|| json!([]));
            if list.is_null() {
                *list = json!([]);
            }
            list.as_array_mut().ok_or_else(|| Error::from(FactRefused::NotAList { key: key.to_string() }))
        };
        match step {
            Step::Key(k) => {
                let child = obj.entry(k.clone()).or_insert_with(|| json!({}));
                if child.is_null() {
                    *child = json!({});
                }
                Ok(child)
            }
            Step::Party(id) => in_list(obj, "parties")?
                .iter_mut()
                .find(|p| p.get("id").and_then(Value::as_str) == Some(id))
                .ok_or_else(|| Error::from(FactRefused::NoParty { id: id.clone() })),
            Step::Avenant(n) => in_list(obj, "avenants")?
                .iter_mut()
                .find(|a| a.get("numero").and_then(Value::as_u64) == Some(u64::from(*n)))
                .ok_or_else(|| Error::from(FactRefused::NoAvenant { numero: *n })),
            Step::Entry(list, id) => {
                let party = self.source.manifest.parties.iter().find(|p| p.id == *id);
                let entries = in_list(obj, list)?;
                let k = match entries.iter().position(|e| e.get("partie").and_then(Value::as_str) == Some(id)) {
                    Some(k) => k,
                    None => {
                        entries.push(match *list {
                            // The assembly approving an avenant is the one that
                            // approved the convention, as `avenant draft` has it.
                            "deliberations" => json!({
                                "partie": id,
                                "organe": party.and_then(|p| p.deliberation.as_ref()).map(|d| d.organe.clone()).unwrap_or_default(),
                            }),
                            _ => {
                                let s = party.map(|p| p.signataire.clone()).unwrap_or_default();
                                json!({ "partie": id, "civilite": s.civilite, "qualite": s.qualite, "nom": s.nom })
                            }
                        });
                        entries.len() - 1
                    }
                };
                Ok(&mut entries[k])
            }
        }
    }

    /// Writes the files whose facts were set, each whole and atomically.
    /// Gives the files written.
    pub fn save(&self) -> Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        if self.changed[0] {
            let path = self.source.manifest_path();
            crate::fsutil::write_atomic(&path, pretty(&self.manifest).as_bytes())?;
            written.push(path);
        }
        if let (true, Some((path, v))) = (self.changed[1], &self.avenant) {
            crate::fsutil::write_atomic(path, pretty(v).as_bytes())?;
            written.push(path.clone());
        }
        Ok(written)
    }
}

/// A key the file did not have goes where the schema writes it, not at the
/// end: `dates` after `originaux`, as `import` and `avenant draft` write
/// them. The keys the file had keep their order (`before`: the file as it
/// was), at every depth.
fn place_new_keys(file: &mut Value, before: &Value, schema: &Value) {
    match (file, schema) {
        (Value::Object(f), Value::Object(sch)) => {
            let rank = |k: &str| sch.keys().position(|x| x == k);
            let had = |k: &str| before.get(k).is_some();
            let mut ordered: Vec<String> = f.keys().filter(|k| had(k)).cloned().collect();
            for k in f.keys().filter(|k| !had(k)) {
                let at = match rank(k) {
                    Some(r) => ordered.iter().rposition(|o| rank(o).is_some_and(|x| x < r)).map_or(0, |p| p + 1),
                    None => ordered.len(),
                };
                ordered.insert(at, k.clone());
            }
            let mut old = std::mem::take(f);
            for k in ordered {
                if let Some(mut v) = old.remove(&k) {
                    if let (Some(b), Some(sv)) = (before.get(&k), sch.get(&k)) {
                        place_new_keys(&mut v, b, sv);
                    }
                    f.insert(k, v);
                }
            }
        }
        (Value::Array(f), Value::Array(sch)) => {
            let empty = Value::Null;
            for (k, (v, sv)) in f.iter_mut().zip(sch).enumerate() {
                place_new_keys(v, before.get(k).unwrap_or(&empty), sv);
            }
        }
        _ => {}
    }
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON always serializes");
    s.push('\n');
    s
}

/// What else holds the same fact goes, so that it has one home: the place
/// written as a variable (`variables.lieu`) when `lieu` is set, an older
/// manifest's number of months when the words of a term are, the old
/// `feminin` when a party's gender is.
fn one_home(root: &mut Value, slot: &Slot) {
    let Some(obj) = root.as_object_mut() else { return };
    if slot.file == File::Source && slot.name == "lieu" {
        if let Some(Value::Object(vars)) = obj.get_mut("variables") {
            vars.remove("lieu");
        }
    }
    if let (Some(Step::Party(id)), true) = (slot.steps.first(), slot.name.ends_with(".genre")) {
        let party = obj
            .get_mut("parties")
            .and_then(Value::as_array_mut)
            .and_then(|ps| ps.iter_mut().find(|p| p.get("id").and_then(Value::as_str) == Some(id.as_str())));
        if let Some(Value::Object(p)) = party {
            p.remove("feminin");
        }
    }
    if let Some(t) = crate::calendar::TERMS.iter().find(|t| t.name == slot.name) {
        if let Some(Value::Object(vars)) = obj.get_mut("variables") {
            if let Some(Value::Object(cal)) = vars.get_mut("calendrier") {
                cal.remove(t.legacy_key());
                if cal.is_empty() {
                    vars.remove("calendrier");
                }
            }
        }
    }
}

/// The file, once a fact is set in it, refused by its own checks.
fn rejected(fact: &str, why: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::from(FactRefused::Rejected { fact: fact.to_string(), why: Box::new(why) })
}

/// The value typed, read for what the fact is: None to remove it.
fn read_value(slot: &Slot, typed: &str) -> Result<Option<Value>> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let bad = |expected: &'static str| {
        Error::from(FactRefused::NotA { fact: slot.name.clone(), typed: t.to_string(), expected })
    };
    if t.chars().any(char::is_control) {
        return Err(bad("one line of text"));
    }
    Ok(Some(match slot.kind {
        Kind::Text => json!(t),
        Kind::Date => json!(crate::french::Date::parse_any(t)
            .ok_or_else(|| bad("a date (2026-03-10, « 10 mars 2026 », 10/03/2026)"))?
            .iso()),
        Kind::Count => match crate::french::parse_count(t) {
            Some(n) if (1..=99).contains(&n) => json!(n),
            _ => return Err(bad("a number of originals from 1 to 99 (« 4 », « quatre »)")),
        },
        Kind::Duree => {
            crate::calendar::months_of(t)
                .ok_or_else(|| bad("a term the calendar can count (« 2 ans », « trois mois », « 36 mois »)"))?;
            json!(t)
        }
        Kind::Genre => match crate::french::fold_accents(&t.to_lowercase()).as_str() {
            "f" | "feminin" => json!("f"),
            "m" | "masculin" => json!("m"),
            _ => return Err(bad("a gender (f or m)")),
        },
        Kind::OuiNon => match crate::french::fold_accents(&t.to_lowercase()).as_str() {
            "oui" | "true" | "vrai" => json!(true),
            "non" | "false" | "faux" => json!(false),
            _ => return Err(bad("oui or non")),
        },
        Kind::Acte => match crate::french::fold_accents(&t.to_lowercase()).as_str() {
            "arrete" => json!("arrêté"),
            "decret" => json!("décret"),
            "deliberation" => json!("délibération"),
            _ => return Err(bad("an act: arrêté, décret or délibération")),
        },
    }))
}
