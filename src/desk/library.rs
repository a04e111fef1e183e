//! La bibliothèque: every source of the library with its facts, its next
//! deadline and what it lacks to be signed; a source that does not load is
//! listed with its error. Each source is loaded once and kept until one of
//! the files it was read from changes (a page of 500 sources re-reads
//! none of them).

use super::access::Visitor;
use super::view::{self, Problem};
use super::{faits, Shared};
use crate::calendar::Calendar;
use crate::french::Date;
use crate::source::Source;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// A file's state when it was read: a change of time or size is a change.
type Stamp = Vec<(PathBuf, Option<(SystemTime, u64)>)>;

fn stamp_of(paths: &[PathBuf]) -> Stamp {
    let mut seen = HashMap::new();
    stamp_seen(paths, &mut seen)
}

/// The stamps of `paths`, each file asked of the file system once per scan
/// (the shared clauses are read by many sources).
fn stamp_seen(paths: &[PathBuf], seen: &mut HashMap<PathBuf, Option<(SystemTime, u64)>>) -> Stamp {
    paths
        .iter()
        .map(|p| {
            let m = *seen
                .entry(p.clone())
                .or_insert_with(|| std::fs::metadata(p).ok().and_then(|m| Some((m.modified().ok()?, m.len()))));
            (p.clone(), m)
        })
        .collect()
}

/// Whether every file a source was read from is as it was.
fn fresh(stamp: &Stamp, seen: &mut HashMap<PathBuf, Option<(SystemTime, u64)>>) -> bool {
    stamp.iter().all(|(p, m)| {
        let now = *seen
            .entry(p.clone())
            .or_insert_with(|| std::fs::metadata(p).ok().and_then(|x| Some((x.modified().ok()?, x.len()))));
        now == *m
    })
}

/// One deadline of a source.
#[derive(Clone, Debug)]
pub(crate) struct Deadline {
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
    pub(crate) date: Date,
}

/// What the library page and the échéancier show of a source, computed
/// when it is loaded.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) kind: String,
    pub(crate) parties: Vec<String>,
    pub(crate) signature: Option<String>,
    pub(crate) adoption: Option<Date>,
    pub(crate) avenants: Vec<String>,
    pub(crate) deadlines: Vec<Deadline>,
    /// Why there is no calendar (no adoption date, or a bad one).
    pub(crate) no_calendar: Option<String>,
    /// The facts still missing to sign, in French.
    pub(crate) missing: Vec<String>,
    pub(crate) error: Option<String>,
}

#[derive(Default)]
pub(crate) struct Cache {
    entries: Mutex<HashMap<PathBuf, (Stamp, Arc<Entry>)>>,
}

/// The sources of the library: its folders holding a manifest (hidden
/// ones, such as the work folder or a folder being written, left out).
pub(crate) fn folders(library: &Path) -> Vec<(String, PathBuf)> {
    let Ok(rd) = std::fs::read_dir(library) else { return Vec::new() };
    let mut v: Vec<(String, PathBuf)> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let p = e.path();
            (!name.starts_with('.') && p.join("manifest.json").is_file()).then_some((name, p))
        })
        .collect();
    v.sort();
    v
}

/// The folder of the source `name`, found among the library's sources (a
/// name is never joined to a path unchecked).
pub(crate) fn find(desk: &Shared, name: &str) -> Result<PathBuf, Problem> {
    folders(&desk.config.library)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, p)| p)
        .ok_or_else(|| Problem::not_found(&format!("La convention « {} »", name)))
}

/// The calendar's deadlines, in date order.
pub(crate) fn deadlines_of(cal: &Calendar) -> Vec<Deadline> {
    let mut v: Vec<Deadline> =
        cal.echeances().into_iter().map(|e| Deadline { key: e.cle, label: e.libelle, date: e.date }).collect();
    v.sort_by_key(|d| d.date);
    v
}

fn kind_fr(kind: &str) -> String {
    match kind {
        "convention-cadre" => "Convention-cadre".into(),
        "convention-application" => "Convention d’application".into(),
        "convention" => "Convention".into(),
        "avenant" | "avenant-etat" => "Avenant".into(),
        k => crate::french::capitalize(&k.replace('-', " ")),
    }
}

fn load(name: &str, dir: &Path) -> (Stamp, Entry) {
    let src = match Source::load(dir) {
        Ok(s) => s,
        Err(e) => {
            let entry = Entry {
                name: name.into(),
                title: name.into(),
                kind: String::new(),
                parties: vec![],
                signature: None,
                adoption: None,
                avenants: vec![],
                deadlines: vec![],
                no_calendar: None,
                missing: vec![],
                error: Some(e.to_string()),
            };
            return (stamp_of(&[dir.to_path_buf(), dir.join("manifest.json")]), entry);
        }
    };
    let m = &src.manifest;
    let (deadlines, no_calendar, adoption) = match Calendar::from_manifest(m) {
        Ok(Some(cal)) => (deadlines_of(&cal), None, Some(cal.adoption)),
        Ok(None) => (vec![], Some("date d’adoption inconnue".to_string()), None),
        Err(e) => (vec![], Some(e.to_string()), None),
    };
    let entry = Entry {
        name: name.into(),
        title: m.title.clone(),
        kind: kind_fr(&m.kind),
        parties: m.parties.iter().map(|p| crate::french::capitalize(p.nom.trim())).collect(),
        signature: m.dates.get("signature").and_then(|d| d.as_str()).map(view::date_fr),
        adoption,
        avenants: m
            .avenants
            .iter()
            .map(|a| match &a.date {
                Some(d) => format!("n° {} du {}", a.numero, view::date_fr(d)),
                None => format!("n° {}", a.numero),
            })
            .collect(),
        deadlines,
        no_calendar,
        missing: faits::missing_to_sign(&src),
        error: None,
    };
    let mut inputs = src.inputs();
    inputs.push(dir.to_path_buf());
    (stamp_of(&inputs), entry)
}

impl Cache {
    /// Every source of the library, loaded again only where a file changed.
    pub(crate) fn entries(&self, library: &Path) -> Vec<Arc<Entry>> {
        let folders = folders(library);
        let mut out = Vec::with_capacity(folders.len());
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let present: std::collections::HashSet<&PathBuf> = folders.iter().map(|(_, f)| f).collect();
        map.retain(|p, _| present.contains(p));
        let mut seen = HashMap::new();
        for (name, dir) in folders {
            match map.get(&dir) {
                Some((stamp, e)) if fresh(stamp, &mut seen) => out.push(e.clone()),
                _ => {
                    let (stamp, e) = load(&name, &dir);
                    let e = Arc::new(e);
                    map.insert(dir, (stamp, e.clone()));
                    out.push(e);
                }
            }
        }
        out
    }
}

/// The next deadline of an entry from `today` (the last one, past, when
/// all are past).
pub(crate) fn next_deadline(e: &Entry, today: Date) -> Option<&Deadline> {
    e.deadlines.iter().find(|d| d.date >= today).or(e.deadlines.last())
}

pub(crate) fn deadline_json(d: &Deadline, today: Date) -> Value {
    let days = view::day_number(d.date) - view::day_number(today);
    json!({
        "libelle": d.label,
        "date": d.date.long(),
        "iso": d.date.iso(),
        "jours": days,
        "dans": view::days_left(days),
        "passee": days < 0,
        "proche": (0..=90).contains(&days),
    })
}

#[derive(serde::Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    tri: Option<String>,
}

/// The rows of the library page, sorted as asked.
pub(crate) fn rows(entries: &[Arc<Entry>], today: Date, by_deadline: bool) -> Vec<Value> {
    let mut sorted: Vec<&Arc<Entry>> = entries.iter().collect();
    if by_deadline {
        // Upcoming first, soonest first; then past ones; then those without.
        sorted.sort_by_key(|e| match next_deadline(e, today) {
            Some(d) if d.date >= today => (0, view::day_number(d.date)),
            Some(d) => (1, -view::day_number(d.date)),
            None => (2, 0),
        });
    }
    sorted
        .into_iter()
        .map(|e| {
            json!({
                "nom": e.name,
                "titre": e.title,
                "sorte": e.kind,
                "parties": e.parties,
                "signature": e.signature,
                "avenants": e.avenants,
                "echeance": next_deadline(e, today).map(|d| deadline_json(d, today)),
                "sans_echeancier": e.no_calendar,
                "manquants": e.missing,
                "erreur": e.error,
            })
        })
        .collect()
}

pub(crate) async fn page(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    Query(q): Query<ListQuery>,
) -> Response {
    let d = desk.clone();
    let by_deadline = q.tri.as_deref() == Some("echeance");
    let data = tokio::task::spawn_blocking(move || {
        let entries = d.library.entries(&d.config.library);
        let today = view::today_of(&d);
        let rows = rows(&entries, today, by_deadline);
        let broken = entries.iter().filter(|e| e.error.is_some()).count();
        json!({
            "sources": rows,
            "nombre": entries.len(),
            "en_erreur": broken,
            "par_echeance": by_deadline,
            "aujourdhui": today.long(),
        })
    })
    .await
    .unwrap_or_else(|_| json!({ "sources": [], "nombre": 0, "en_erreur": 0, "par_echeance": false, "aujourdhui": "" }));
    view::page(&desk, &v, "bibliotheque", "Bibliothèque", &data)
}
