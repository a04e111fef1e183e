//! Long jobs — the originals (with their PDF, laid out by LibreOffice), the
//! councils' pack — run beside the server; their page shows each step done
//! and reloads itself (meta refresh: no JavaScript) until the zip is ready.

use super::access::{token, Visitor};
use super::view::{self, Problem};
use super::Shared;
use crate::error::{Error, Result};
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use serde_json::json;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

enum Phase {
    Running,
    Done { file: String, contents: Vec<String> },
    Failed(String),
}

struct Job {
    title: String,
    steps: Vec<String>,
    total: usize,
    state: Phase,
    back: String,
    dir: PathBuf,
}

#[derive(Default)]
pub(crate) struct Jobs {
    map: Mutex<HashMap<String, Arc<Mutex<Job>>>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a job runs: given its folder and a step reporter, it writes what it
/// makes into the folder and names the zip to hand over.
pub(crate) type Work = Box<dyn FnOnce(&Path, &mut dyn FnMut(&str)) -> Result<PathBuf> + Send>;

/// Starts `work` on its own thread; the job's page is `/travaux/ID`.
pub(crate) fn start(desk: &Shared, title: String, total: usize, back: String, work: Work) -> Result<String> {
    let id = token()[..20].to_string();
    let dir = super::work::job_dir(&desk.config.work, &id);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let job = Arc::new(Mutex::new(Job { title, steps: vec![], total, state: Phase::Running, back, dir: dir.clone() }));
    lock(&desk.jobs.map).insert(id.clone(), job.clone());
    std::thread::spawn(move || {
        let mut step = |s: &str| lock(&job).steps.push(s.to_string());
        let result = work(&dir, &mut step);
        let mut j = lock(&job);
        j.state = match result.and_then(|zip| {
            let contents = zip_names(&zip)?;
            let file = zip.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            Ok((file, contents))
        }) {
            Ok((file, contents)) => Phase::Done { file, contents },
            Err(e) => Phase::Failed(e.to_string()),
        };
    });
    Ok(id)
}

/// The answer to a form that starts a job (prepared on a blocking thread):
/// the job's page, or why it was not started.
pub(crate) async fn answer(
    desk: &Shared,
    v: &Visitor,
    started: std::result::Result<std::result::Result<String, Problem>, tokio::task::JoinError>,
) -> Response {
    match started {
        Ok(Ok(id)) => redirect_when_started(desk, &id).await,
        Ok(Err(p)) => p.show(desk, v),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Erreur interne").into_response(),
    }
}

/// After starting a job: its page, once a fast job has had a moment to finish.
pub(crate) async fn redirect_when_started(desk: &Shared, id: &str) -> Response {
    for _ in 0..30 {
        let running = lock(&desk.jobs.map).get(id).is_some_and(|j| matches!(lock(j).state, Phase::Running));
        if !running {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Redirect::to(&format!("/travaux/{}", id)).into_response()
}

pub(crate) async fn page(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(id): UrlPath<String>,
) -> Response {
    let Some(job) = lock(&desk.jobs.map).get(&id).cloned() else {
        return Problem::new(
            StatusCode::NOT_FOUND,
            "Travail introuvable",
            "Ce travail n’existe pas, ou le bureau a été relancé depuis (les travaux en cours sont alors oubliés).",
            "Relancez-le depuis la page de la convention.",
        )
        .show(&desk, &v);
    };
    let j = lock(&job);
    let (etat, refresh) = match &j.state {
        Phase::Running => (json!({ "en_cours": true }), Some(1)),
        Phase::Done { file, contents } => (
            json!({ "fini": true, "fichier": file, "lien": format!("/travaux/{}/{}", id, file), "contenu": contents }),
            None,
        ),
        Phase::Failed(e) => (json!({ "echec": e }), None),
    };
    let data = json!({
        "titre": j.title,
        "etapes": j.steps,
        "fait": j.steps.len().min(j.total),
        "total": j.total,
        "etat": etat,
        "retour": j.back,
    });
    let title = j.title.clone();
    drop(j);
    view::page_with(&desk, &v, StatusCode::OK, "travail", &title, &data, refresh)
}

pub(crate) async fn download(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath((id, fichier)): UrlPath<(String, String)>,
) -> Response {
    let found = lock(&desk.jobs.map).get(&id).cloned().and_then(|job| {
        let j = lock(&job);
        match &j.state {
            Phase::Done { file, .. } if *file == fichier => Some(j.dir.join(file)),
            _ => None,
        }
    });
    match found.map(std::fs::read) {
        Some(Ok(bytes)) => view::download(bytes, &fichier),
        _ => Problem::not_found("Ce fichier").show(&desk, &v),
    }
}

/// The files under `dir`, relative, sorted (clausier's marker left out).
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))? {
            let p = e.map_err(|e| Error::io(&d, e))?.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.file_name().is_some_and(|n| n != ".clausier-output") {
                out.push(p.strip_prefix(dir).unwrap_or(&p).to_path_buf());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Zips the folder `dir` into `zip`, the same bytes for the same files
/// (sorted names, fixed dates), written atomically.
pub(crate) fn zip_dir(dir: &Path, zip: &Path, root: &str) -> Result<()> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let bad = |e: String| Error::Io { path: zip.to_path_buf(), msg: e };
    for rel in files_under(dir)? {
        let name = format!("{}/{}", root, rel.to_string_lossy());
        w.start_file(name, opts).map_err(|e| bad(e.to_string()))?;
        let bytes = std::fs::read(dir.join(&rel)).map_err(|e| Error::io(&dir.join(&rel), e))?;
        w.write_all(&bytes).map_err(|e| bad(e.to_string()))?;
    }
    let bytes = w.finish().map_err(|e| bad(e.to_string()))?.into_inner();
    crate::fsutil::write_atomic(zip, &bytes)
}

fn zip_names(zip: &Path) -> Result<Vec<String>> {
    let bytes = std::fs::read(zip).map_err(|e| Error::io(zip, e))?;
    let a = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| Error::Io { path: zip.to_path_buf(), msg: e.to_string() })?;
    Ok(a.file_names().map(str::to_string).collect::<std::collections::BTreeSet<_>>().into_iter().collect())
}

/// THE SEAM for the councils' pack: the library's `dossier` (the same
/// function `clausier dossier` calls), for the avenant in preparation, its
/// steps reported; the pack zipped. When the dossier grows (projets de
/// délibération, PDF/A, @CTES), the job grows with it.
pub(crate) fn dossier(source: PathBuf, changeset: PathBuf, pdf: bool) -> Work {
    Box::new(move |dir, step| {
        let src = crate::source::Source::load(&source)?;
        let given = crate::dossier::avenant_for(&src, &source, &changeset)?;
        let name = format!("dossier-avenant-{}", given.avenant.numero);
        let out = dir.join(&name);
        let mut last = String::new();
        let opts = crate::dossier::Options { force: false, pdf };
        crate::dossier::build(&src, &given, &changeset, &out, &opts, &mut |s: &str| {
            // The pack's steps as the council secretariat names its pieces.
            let said = match s {
                "avenant" => "l’avenant",
                "texte consolidé" => "la convention consolidée",
                "redline" => "la convention avec les modifications en suivi",
                "tableau comparatif" => "le tableau comparatif",
                "vue HTML" => "les modifications à lire à l’écran",
                "manifeste" => "le manifeste des empreintes",
                other => other,
            };
            if said != last {
                step(said);
                last = said.to_string();
            }
        })?;
        step("l’archive zip");
        let zip = dir.join(format!("{}.zip", name));
        zip_dir(&out, &zip, &name)?;
        Ok(zip)
    })
}

/// The originals of a convention, or of the avenant in preparation to it
/// (`originals::make`, as `clausier originals` writes them), zipped.
pub(crate) fn originals(source: PathBuf, changeset: Option<PathBuf>, pdf: bool) -> Work {
    Box::new(move |dir, step| {
        step(if pdf { "les originaux et leur PDF (mise en page par LibreOffice)" } else { "les originaux" });
        let name = match &changeset {
            Some(_) => "originaux-avenant".to_string(),
            None => "originaux".to_string(),
        };
        let out = dir.join(&name);
        let req = crate::originals::Request {
            source: &source,
            output: &out,
            copies: None,
            avenant: changeset.as_deref(),
            format: crate::write::writer("docx"),
            pdf,
            pages: pdf,
            force: false,
            projet: false,
        };
        crate::originals::make(&req)?;
        step("l’archive zip");
        let zip = dir.join(format!("{}.zip", name));
        zip_dir(&out, &zip, &name)?;
        Ok(zip)
    })
}
