//! Une convention: its text (the HTML view), its history, its deadlines,
//! its facts as a form, its downloads — every format of the writers table,
//! the originals, the calendar.

use super::access::Visitor;
use super::view::{self, Problem};
use super::{blocking, faits, jobs, journal, library, Shared};
use crate::source::Source;
use crate::write::{self, Purpose};
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The version of a source: the SHA-256 of every file it is read from. A
/// form carries the version it was filled in on; saving it on another
/// version is refused (someone saved in between), nothing lost.
pub(crate) fn version_of(src: &Source) -> String {
    let mut all = Vec::new();
    for p in src.inputs().iter().filter(|p| p.is_file()) {
        all.extend_from_slice(p.to_string_lossy().as_bytes());
        all.push(0);
        all.extend(std::fs::read(p).unwrap_or_default());
        all.push(0);
    }
    crate::originals::sha256(&all)[..16].to_string()
}

/// The formats a text can be downloaded in: the writers table, by
/// extension (a writer added there appears here by itself).
pub(crate) fn formats(stem: &str, base: &str) -> Vec<Value> {
    write::formats(Purpose::Text)
        .into_iter()
        .map(|ext| {
            let label = write::writer_of_extension(ext, Purpose::Text)
                .map_or_else(|| format!(".{}", ext), |w| w.label.to_string());
            json!({ "libelle": label, "lien": format!("{}/{}.{}", base, stem, ext) })
        })
        .collect()
}

/// What the form sent back, when it is shown again (refused, or too late).
pub(crate) struct Typed {
    pub(crate) form: Vec<(String, String)>,
    pub(crate) errors: Vec<(String, String)>,
    pub(crate) conflict: bool,
}

pub(crate) fn groups_json(groups: Vec<faits::Groupe>, typed: Option<&Typed>) -> Value {
    let groups = match typed {
        Some(t) => faits::with_typed(groups, &t.form),
        None => groups,
    };
    let mut v = serde_json::to_value(groups).unwrap_or(Value::Null);
    let mut k = 0;
    for g in v.as_array_mut().into_iter().flatten() {
        for f in g["faits"].as_array_mut().into_iter().flatten() {
            k += 1;
            f["id"] = json!(format!("fait-{}", k));
            let err = typed.and_then(|t| t.errors.iter().find(|(n, _)| Some(n.as_str()) == f["nom"].as_str()));
            f["erreur"] = json!(err.map(|(_, e)| e));
        }
    }
    v
}

fn history(src: &Source) -> Vec<Value> {
    src.manifest
        .avenants
        .iter()
        .map(|a| json!({ "numero": a.numero, "date": a.date.as_deref().map(view::date_fr) }))
        .collect()
}

fn deadlines(desk: &Shared, src: &Source) -> (Vec<Value>, Option<String>) {
    let today = view::today_of(desk);
    match crate::calendar::Calendar::of_source(src, None) {
        Ok(cal) => (library::deadlines_of(&cal).iter().map(|d| library::deadline_json(d, today)).collect(), None),
        Err(_) if !src.manifest.dates.contains_key("adoption") => (
            vec![],
            Some("La convention n’indique pas sa date d’adoption : saisissez-la dans les faits ci-dessous pour calculer ses délais.".into()),
        ),
        Err(e) => (vec![], Some(format!("Les délais ne peuvent pas être calculés : {}", e))),
    }
}

/// The page of the convention `nom`, with the form as typed when given.
pub(crate) fn render(desk: &Shared, v: &Visitor, nom: &str, typed: Option<Typed>, done: Option<&str>) -> Response {
    let dir = match library::find(desk, nom) {
        Ok(d) => d,
        Err(p) => return p.show(desk, v),
    };
    let src = match Source::load(&dir) {
        Ok(s) => s,
        Err(e) => return Problem::of(&e, "ouvrir cette convention").show(desk, v),
    };
    let m = &src.manifest;
    let (echeances, sans) = deadlines(desk, &src);
    let draft = super::avenant::Draft::open(desk, nom).ok().flatten();
    let base = format!("/conventions/{}", nom);
    let missing = faits::missing_to_sign(&src);
    let status = match &typed {
        Some(t) if t.conflict => StatusCode::CONFLICT,
        Some(_) => StatusCode::BAD_REQUEST,
        None => StatusCode::OK,
    };
    let data = json!({
        "nom": nom,
        "base": base,
        "titre": m.title,
        "parties": m.parties.iter().map(|p| crate::french::capitalize(p.nom.trim())).collect::<Vec<_>>(),
        "signature": m.dates.get("signature").and_then(|d| d.as_str()).map(view::date_fr),
        "consolidee": !m.avenants.is_empty(),
        "avenants": history(&src),
        "echeances": echeances,
        "sans_echeancier": sans,
        "faits": groups_json(faits::of_source(&src), typed.as_ref()),
        "version": version_of(&src),
        "form_action": format!("{}/faits", base),
        "form_garde_nom": "version",
        "form_garde": version_of(&src),
        "conflit": typed.as_ref().is_some_and(|t| t.conflict),
        "erreurs": typed.as_ref().is_some_and(|t| !t.errors.is_empty()),
        "manquants": missing,
        "formats": formats(nom, &format!("{}/fichiers", base)),
        "avenant_en_cours": draft.map(|d| d.numero),
        "journal": journal::last(&desk.config.library, nom, 5),
        "message": view::done_message(done),
    });
    let mut r = view::page(desk, v, "convention", &m.title, &data);
    *r.status_mut() = status;
    r
}

#[derive(serde::Deserialize)]
pub(crate) struct Done {
    #[serde(default)]
    fait: Option<String>,
    #[serde(default)]
    annote: Option<String>,
}

pub(crate) async fn page(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
    Query(q): Query<Done>,
) -> Response {
    blocking(move || render(&desk, &v, &nom, None, q.fait.as_deref())).await
}

/// The text as the HTML writer prints it (`?annote=1`: with the avenants
/// that changed each division), shown in the page.
pub(crate) async fn text_view(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
    Query(q): Query<Done>,
) -> Response {
    blocking(move || {
        let how = crate::Print { annotate: q.annote.is_some(), ..Default::default() };
        match print(&desk, &nom, "texte.html", &how) {
            Ok(bytes) => view::document(bytes),
            Err(p) => p.show(&desk, &v),
        }
    })
    .await
}

/// The source printed by the writer `file`'s extension asks for, as `clausier build` prints it.
fn print(desk: &Shared, nom: &str, file: &str, how: &crate::Print) -> Result<Vec<u8>, Problem> {
    let dir = library::find(desk, nom)?;
    let writer = write::writer_for(Path::new(file), Purpose::Text).map_err(|_| Problem::not_found("Ce format"))?;
    let src = Source::load(&dir).map_err(|e| Problem::of(&e, "lire cette convention"))?;
    super::work::prepare(&desk.config.work).map_err(|e| Problem::of(&e, "préparer le dossier de travail"))?;
    crate::print(&src, writer, how, &desk.config.work)
        .map(|(bytes, _)| bytes)
        .map_err(|e| Problem::of(&e, "imprimer cette convention"))
}

pub(crate) async fn download(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath((nom, fichier)): UrlPath<(String, String)>,
) -> Response {
    blocking(move || {
        if fichier.rsplit_once('.').map(|(stem, _)| stem) != Some(nom.as_str()) {
            return Problem::not_found("Ce fichier").show(&desk, &v);
        }
        match print(&desk, &nom, &fichier, &crate::Print::default()) {
            Ok(bytes) => view::download(bytes, &fichier),
            Err(p) => p.show(&desk, &v),
        }
    })
    .await
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

/// Saves the facts form: checked, written atomically, journalled; shown
/// again with what was typed when a value is refused or someone saved first.
pub(crate) async fn save_facts(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    blocking(move || {
        let dir = match library::find(&desk, &nom) {
            Ok(d) => d,
            Err(p) => return p.show(&desk, &v),
        };
        let _writing = desk.writing.lock().unwrap_or_else(|e| e.into_inner());
        let src = match Source::load(&dir) {
            Ok(s) => s,
            Err(e) => return Problem::of(&e, "lire cette convention").show(&desk, &v),
        };
        if version_of(&src) != field(&form, "version") {
            return render(&desk, &v, &nom, Some(Typed { form, errors: vec![], conflict: true }), None);
        }
        let (saisie, manifest) = faits::set_source(&src, &form);
        if !saisie.errors.is_empty() {
            return render(&desk, &v, &nom, Some(Typed { form, errors: saisie.errors, conflict: false }), None);
        }
        let Some(m) = manifest else { return Redirect::to(&format!("/conventions/{}?fait=rien", nom)).into_response() };
        if let Err(e) = save_manifest(&src, m) {
            return Problem::of(&e, "enregistrer ces faits").show(&desk, &v);
        }
        let changes: Vec<Value> =
            saisie.changes.iter().map(|(n, a, b)| json!({ "fait": n, "avant": a, "apres": b })).collect();
        if let Err(e) = journal::record(&desk.config.library, &v.who(), "faits", &nom, json!(changes)) {
            return Problem::of(&e, "tenir le journal").show(&desk, &v);
        }
        Redirect::to(&format!("/conventions/{}?fait=faits#faits", nom)).into_response()
    })
    .await
}

/// The manifest written in place, atomically, once the source it makes
/// assembles (a fact never breaks the build).
fn save_manifest(src: &Source, m: crate::source::Manifest) -> crate::Result<()> {
    let new = Source { manifest: m, ..src.clone() };
    crate::render::assemble(&new, &Default::default())?;
    crate::fsutil::write_atomic(&src.manifest_path(), crate::source::manifest_json(&new.manifest).as_bytes())
}

#[derive(serde::Deserialize)]
pub(crate) struct OriginalsForm {
    #[serde(default)]
    pub(crate) pdf: Option<String>,
}

/// Starts the originals of the convention (a job: LibreOffice lays the PDF
/// out); refused while a fact they need is missing.
pub(crate) async fn originals(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
    Form(f): Form<OriginalsForm>,
) -> Response {
    let started = {
        let desk = desk.clone();
        let nom = nom.clone();
        tokio::task::spawn_blocking(move || -> Result<String, Problem> {
            let dir = library::find(&desk, &nom)?;
            let src = Source::load(&dir).map_err(|e| Problem::of(&e, "lire cette convention"))?;
            refuse_missing(&faits::missing_to_sign(&src))?;
            start_originals(&desk, &nom, dir, None, f.pdf.is_some())
        })
        .await
    };
    jobs::answer(&desk, &v, started).await
}

/// Refused, listing them, while facts needed to sign are missing.
pub(crate) fn refuse_missing(missing: &[String]) -> Result<(), Problem> {
    if missing.is_empty() {
        return Ok(());
    }
    let mut p = Problem::new(
        StatusCode::CONFLICT,
        "Les originaux ne peuvent pas encore être imprimés",
        "Des faits nécessaires à la signature manquent : les originaux porteraient des blancs à leur place.",
        "Saisissez-les dans le formulaire des faits, puis recommencez.",
    );
    p.detail = Some(format!("Manquent : {}.", missing.join(" ; ")));
    Err(p)
}

pub(crate) fn start_originals(
    desk: &Shared,
    nom: &str,
    dir: PathBuf,
    changeset: Option<PathBuf>,
    pdf: bool,
) -> Result<String, Problem> {
    let (title, back) = match &changeset {
        Some(_) => ("Originaux de l’avenant".to_string(), format!("/conventions/{}/avenant", nom)),
        None => ("Originaux de la convention".to_string(), format!("/conventions/{}", nom)),
    };
    jobs::start(desk, title, 2, back, jobs::originals(dir, changeset, pdf))
        .map_err(|e| Problem::of(&e, "lancer l’impression des originaux"))
}
