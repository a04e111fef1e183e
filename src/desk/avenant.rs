//! Un avenant: the convention edited in Word or LibreOffice is dropped
//! here; the avenant is drafted from it (`dossier::avenant_for`, as
//! `clausier dossier` drafts it) and kept in the work folder with its facts
//! until it is signed; then « Avenant signé » consolidates it into the
//! library (`avenant::apply`, as `clausier avenant apply`), after a page
//! that says what will change.

use super::access::Visitor;
use super::convention::{self, groups_json, Typed};
use super::view::{self, Problem};
use super::{blocking, faits, jobs, journal, library, work, Shared, MAX_UPLOAD};
use crate::avenant::{self, ChangeSet};
use crate::compare::stat::Stat;
use crate::source::Source;
use crate::write::{self, Purpose};
use axum::extract::{Multipart, Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const CHANGESET: &str = "avenant.json";
const META: &str = "depot.json";

/// Who dropped the document, when, and what reading it said.
#[derive(serde::Serialize, serde::Deserialize, Default)]
struct Meta {
    fichier: String,
    par: String,
    le: String,
    notes: Vec<String>,
    /// The name the document was kept under in the draft folder.
    garde: String,
}

/// The avenant in preparation for a source.
pub(crate) struct Draft {
    pub(crate) dir: PathBuf,
    pub(crate) json: PathBuf,
    pub(crate) numero: u32,
    pub(crate) cs: ChangeSet,
    /// The version the forms carry: the SHA-256 of the change set.
    pub(crate) version: String,
    meta: Meta,
}

impl Draft {
    pub(crate) fn open(desk: &Shared, nom: &str) -> crate::Result<Option<Draft>> {
        let dir = work::draft_dir(&desk.config.work, nom);
        let json = dir.join(CHANGESET);
        if !json.is_file() {
            return Ok(None);
        }
        let cs = avenant::load(&json)?;
        let bytes = std::fs::read(&json).unwrap_or_default();
        let meta = std::fs::read(dir.join(META)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
        Ok(Some(Draft {
            numero: cs.numero,
            version: crate::originals::sha256(&bytes)[..16].to_string(),
            cs,
            dir,
            json,
            meta,
        }))
    }
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

/// The convention's folder, the source and the draft, or the page that says why not.
fn open_all(desk: &Shared, nom: &str) -> Result<(PathBuf, Source, Option<Draft>), Problem> {
    let dir = library::find(desk, nom)?;
    let src = Source::load(&dir).map_err(|e| Problem::of(&e, "lire cette convention"))?;
    let draft = Draft::open(desk, nom).map_err(|e| Problem::of(&e, "lire l’avenant en préparation"))?;
    Ok((dir, src, draft))
}

fn need_draft(draft: Option<Draft>) -> Result<Draft, Problem> {
    draft.ok_or_else(|| {
        Problem::new(
            StatusCode::NOT_FOUND,
            "Aucun avenant en préparation",
            "Aucun document modifié n’a encore été déposé pour cette convention.",
            "Déposez la convention modifiée dans Word ou LibreOffice sur la page de l’avenant.",
        )
    })
}

/// An operation as the legal service reads it, with the division it amends.
fn operation_fr(op: &avenant::Operation, old: &crate::model::Document) -> String {
    let what = match op.name() {
        "replace_words" => "mots remplacés",
        "insert_words" => "mots insérés",
        "delete_words" => "mots supprimés",
        "append_words" => "alinéa complété",
        "replace_alinea" => "alinéa réécrit",
        "insert_alineas" => "alinéa(s) inséré(s)",
        "delete_alineas" => "alinéa(s) supprimé(s)",
        "replace_division" => "division réécrite",
        "rename_division" => "intitulé modifié",
        "insert_division" => "division insérée",
        "delete_division" => "division supprimée",
        "renumber" => "division renumérotée",
        "replace_title" => "titre de la convention modifié",
        "replace_everywhere" => "mots remplacés dans toute la convention",
        other => other,
    };
    match op.division().and_then(|id| old.find(id)) {
        Some(d) => format!("{} — {}", crate::french::capitalize(what), d.heading_text()),
        None => crate::french::capitalize(what),
    }
}

fn stat_fr(s: &Stat) -> String {
    let n = |k: usize, one: &str, many: &str| if k == 1 { format!("1 {}", one) } else { format!("{} {}", k, many) };
    format!(
        "{} inséré{}, {} supprimé{}, {} modifié{} ; {} ajouté{}, {} retiré{}",
        n(s.alineas_inserted, "alinéa", "alinéas"),
        if s.alineas_inserted > 1 { "s" } else { "" },
        n(s.alineas_deleted, "alinéa", "alinéas"),
        if s.alineas_deleted > 1 { "s" } else { "" },
        n(s.alineas_changed, "alinéa", "alinéas"),
        if s.alineas_changed > 1 { "s" } else { "" },
        n(s.words_inserted, "mot", "mots"),
        if s.words_inserted > 1 { "s" } else { "" },
        n(s.words_deleted, "mot", "mots"),
        if s.words_deleted > 1 { "s" } else { "" },
    )
}

/// The formats of the avenant's own documents and of the comparisons.
fn downloads(nom: &str, n: u32, garde: &str) -> Value {
    let base = format!("/conventions/{}/avenant/fichiers", nom);
    json!({
        "avenant": convention::formats(&format!("avenant-{}", n), &base),
        "redline": format!("{}/redline-avenant-{}.docx", base, n),
        "tableau": format!("{}/tableau-comparatif-avenant-{}.docx", base, n),
        "json": format!("{}/avenant-{}.json", base, n),
        "depose": format!("{}/{}", base, garde),
    })
}

/// The avenant page: the upload form, and once drafted, the avenant.
fn render(desk: &Shared, v: &Visitor, nom: &str, typed: Option<Typed>, done: Option<&str>) -> Response {
    let (dir, src, draft) = match open_all(desk, nom) {
        Ok(x) => x,
        Err(p) => return p.show(desk, v),
    };
    let base = format!("/conventions/{}", nom);
    let mut data = json!({
        "nom": nom,
        "base": base,
        "titre": src.manifest.title,
        "telecharger": format!("{}/fichiers/{}.docx", base, nom),
        "max_mo": MAX_UPLOAD / (1024 * 1024),
        "message": view::done_message(done),
        "brouillon": draft.as_ref().map(|d| d.version.clone()).unwrap_or_default(),
    });
    let Some(d) = draft else { return view::page(desk, v, "avenant", "Préparer un avenant", &data) };
    let (groups, of_convention) = faits::of_avenant(&src, &d.cs);
    let missing: Vec<String> =
        crate::facts::of_avenant(&src, &d.cs).iter().filter(|m| m.required).map(|m| m.field.clone()).collect();
    let versions = crate::redline::versions(&dir, None, Some(&d.json));
    let (stat, operations, refused) = match &versions {
        Ok(x) => (
            Some(stat_fr(&Stat::of(&x.revised))),
            d.cs.operations.iter().map(|op| operation_fr(op, &x.old)).collect::<Vec<_>>(),
            None,
        ),
        Err(e) => (None, vec![], Some(e.to_string())),
    };
    let status = match &typed {
        Some(t) if t.conflict => StatusCode::CONFLICT,
        Some(_) => StatusCode::BAD_REQUEST,
        None => StatusCode::OK,
    };
    let extra = json!({
        "en_cours": true,
        "numero": d.numero,
        "fichier": d.meta.fichier,
        "par": d.meta.par,
        "le_fr": journal::moment_fr(&d.meta.le),
        "form_action": format!("/conventions/{}/avenant/faits", nom),
        "form_garde_nom": "brouillon",
        "form_garde": d.version,
        "notes": d.meta.notes,
        "stat": stat,
        "operations": operations,
        "inapplicable": refused,
        "fin": crate::facts::avenant_after_end(&src, &d.cs).map(|w| {
            format!("L’avenant est daté après la fin de la convention qu’il modifie : une convention échue ne peut plus être modifiée. Vérifiez la date de signature de l’avenant et la date d’adoption de la convention. ({})", w)
        }),
        "faits": groups_json(groups, typed.as_ref()),
        "faits_convention": of_convention,
        "conflit": typed.as_ref().is_some_and(|t| t.conflict),
        "erreurs": typed.as_ref().is_some_and(|t| !t.errors.is_empty()),
        "manquants": missing.len(),
        "telechargements": downloads(nom, d.numero, &d.meta.garde),
        "date_signature": d.cs.date.as_deref().map(view::date_fr),
    });
    if let (Some(o), Value::Object(e)) = (data.as_object_mut(), extra) {
        o.extend(e);
    }
    let mut r = view::page(desk, v, "avenant", &format!("Avenant n° {}", d.numero), &data);
    *r.status_mut() = status;
    r
}

#[derive(serde::Deserialize)]
pub(crate) struct Done {
    #[serde(default)]
    fait: Option<String>,
}

pub(crate) async fn page(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
    Query(q): Query<Done>,
) -> Response {
    blocking(move || render(&desk, &v, &nom, None, q.fait.as_deref())).await
}

/// The upload, read in bounded chunks.
struct Upload {
    brouillon: String,
    name: String,
    bytes: Vec<u8>,
}

async fn read_upload(mut mp: Multipart) -> Result<Upload, Problem> {
    let too_big = || {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Document trop lourd",
            &format!("Le bureau accepte des documents de {} Mo au plus.", MAX_UPLOAD / (1024 * 1024)),
            "Enregistrez la convention sans images ni objets incorporés, puis déposez-la de nouveau.",
        )
    };
    let mut up = Upload { brouillon: String::new(), name: String::new(), bytes: Vec::new() };
    loop {
        let mut f = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(too_big()),
        };
        match f.name() {
            Some("brouillon") => up.brouillon = f.text().await.unwrap_or_default(),
            Some("document") => {
                up.name = f.file_name().unwrap_or("document").chars().filter(|c| !c.is_control()).take(200).collect();
                loop {
                    match f.chunk().await {
                        Ok(Some(c)) if up.bytes.len() + c.len() > MAX_UPLOAD => return Err(too_big()),
                        Ok(Some(c)) => up.bytes.extend_from_slice(&c),
                        Ok(None) => break,
                        Err(_) => return Err(too_big()),
                    }
                }
            }
            _ => {}
        }
    }
    if up.bytes.is_empty() {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "Aucun document",
            "Aucun fichier n’a été joint, ou le fichier est vide.",
            "Choisissez la convention modifiée (.docx) avec le bouton « Parcourir », puis « Déposer ».",
        ));
    }
    Ok(up)
}

pub(crate) async fn upload(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
    mp: Multipart,
) -> Response {
    let up = match read_upload(mp).await {
        Ok(u) => u,
        Err(p) => return p.show(&desk, &v),
    };
    blocking(move || match draft_upload(&desk, &v, &nom, up) {
        Ok(()) => Redirect::to(&format!("/conventions/{}/avenant?fait=depose", nom)).into_response(),
        Err(p) => p.show(&desk, &v),
    })
    .await
}

/// The facts typed on the previous draft, kept when the document is
/// dropped again: only the operations are drafted anew.
fn keep_facts(new: &mut ChangeSet, old: &ChangeSet) {
    new.objet = old.objet.clone().or(new.objet.take());
    new.date = old.date.clone();
    new.lieu = old.lieu.clone();
    new.deliberations = old.deliberations.clone();
    new.signataires = old.signataires.clone();
}

/// What reading the document dropped showed, in French for the person
/// who dropped it: what the word processor held that is not text, the
/// sommaire typed into, the reviewers' comments with their place.
fn reading_notes(given: &crate::dossier::Given) -> Vec<String> {
    let Some(v) = &given.version else { return vec![] };
    let mut notes: Vec<String> = v
        .unread
        .iter()
        .map(|u| format!("Non lu comme texte ({}) : ses mots ne sont pas dans le texte lu.", u))
        .collect();
    if !v.sommaire_edits.is_empty() {
        notes.push(format!(
            "Le sommaire a été modifié (« {} ») : il est refait à partir des titres. Pour changer un intitulé, modifiez le titre lui-même dans le texte.",
            crate::error::quoted_list(&v.sommaire_edits)
        ));
    }
    notes.extend(
        crate::word::placed_comments(&v.comments, &v.doc)
            .into_iter()
            .map(|(at, said)| format!("Commentaire sur {} — {}", at, said)),
    );
    notes
}

/// The name the dropped document is kept under, by what its bytes are
/// (a DOCX, an ODT zipped or flat, or a change set): `None` for anything
/// else, refused before it is written anywhere.
fn kept_as(bytes: &[u8]) -> Option<&'static str> {
    use crate::input::{sniff, Kind};
    match sniff(bytes) {
        Kind::Zip if crate::read::odt::is_odt_bytes(bytes) => Some("document-depose.odt"),
        Kind::Zip => Some("document-depose.docx"),
        Kind::FlatOdt => Some("document-depose.fodt"),
        _ if bytes.trim_ascii_start().starts_with(b"{") => Some("document-depose.json"),
        _ => None,
    }
}

fn draft_upload(desk: &Shared, v: &Visitor, nom: &str, up: Upload) -> Result<(), Problem> {
    let dir = library::find(desk, nom)?;
    let src = Source::load(&dir).map_err(|e| Problem::of(&e, "lire cette convention"))?;
    work::prepare(&desk.config.work).map_err(|e| Problem::of(&e, "préparer le dossier de travail"))?;
    let Some(garde) = kept_as(&up.bytes) else {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Format non reconnu",
            &format!("« {} » n’est ni un document Word (.docx) ni un document LibreOffice (.odt).", up.name),
            "Dans Word ou LibreOffice, choisissez « Enregistrer sous », le format Word (.docx) ou OpenDocument (.odt), puis déposez ce fichier.",
        ));
    };
    let path = work::upload_path(&desk.config.work, &super::access::token()[..16]);
    crate::fsutil::write_atomic(&path, &up.bytes).map_err(|e| Problem::of(&e, "recevoir ce document"))?;
    let given = crate::dossier::avenant_for(&src, &dir, &path);
    let _ = std::fs::remove_file(&path);
    let shown = path.display().to_string();
    let mut given = given.map_err(|e| {
        let mut p = Problem::of(&e, "rédiger l’avenant à partir de ce document");
        p.detail = p.detail.map(|d| d.replace(&shown, &up.name));
        p
    })?;
    let _writing = desk.writing.lock().unwrap_or_else(|e| e.into_inner());
    let old = Draft::open(desk, nom).ok().flatten();
    if old.as_ref().map_or("", |d| d.version.as_str()) != up.brouillon {
        return Err(late(
            "Un autre document a été déposé pour cette convention pendant que vous choisissiez le vôtre.",
        ));
    }
    if let Some(o) = &old {
        keep_facts(&mut given.avenant, &o.cs);
    }
    let notes = reading_notes(&given);
    let meta = Meta { fichier: up.name, par: v.who(), le: journal::now_utc(), notes, garde: garde.into() };
    let files = vec![
        (PathBuf::from(garde), up.bytes),
        (PathBuf::from(CHANGESET), avenant::to_json(&given.avenant).into_bytes()),
        (PathBuf::from(META), serde_json::to_vec_pretty(&meta).unwrap_or_default()),
    ];
    let opts = crate::fsutil::DirOptions { what: "avenant draft", force: false, check: None };
    crate::fsutil::write_dir(&work::draft_dir(&desk.config.work, nom), &files, &opts)
        .map_err(|e| Problem::of(&e, "garder l’avenant en préparation"))
}

fn late(what: &str) -> Problem {
    Problem::new(
        StatusCode::CONFLICT,
        "Quelqu’un est passé avant vous",
        what,
        "Rien de ce que vous avez envoyé n’a remplacé son travail : rechargez la page de l’avenant pour voir où il en est, puis recommencez si besoin.",
    )
}

pub(crate) async fn save_facts(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    blocking(move || {
        let _writing = desk.writing.lock().unwrap_or_else(|e| e.into_inner());
        let (_, src, draft) = match open_all(&desk, &nom) {
            Ok(x) => x,
            Err(p) => return p.show(&desk, &v),
        };
        let d = match need_draft(draft) {
            Ok(d) => d,
            Err(p) => return p.show(&desk, &v),
        };
        if d.version != field(&form, "brouillon") {
            return render(&desk, &v, &nom, Some(Typed { form, errors: vec![], conflict: true }), None);
        }
        let (saisie, cs) = faits::set_avenant(&src, &d.cs, &form);
        if !saisie.errors.is_empty() {
            return render(&desk, &v, &nom, Some(Typed { form, errors: saisie.errors, conflict: false }), None);
        }
        let Some(cs) = cs else {
            return Redirect::to(&format!("/conventions/{}/avenant?fait=rien", nom)).into_response();
        };
        if let Err(e) = crate::fsutil::write_atomic(&d.json, avenant::to_json(&cs).as_bytes()) {
            return Problem::of(&e, "enregistrer les faits de l’avenant").show(&desk, &v);
        }
        Redirect::to(&format!("/conventions/{}/avenant?fait=avenant-faits#faits", nom)).into_response()
    })
    .await
}

/// The avenant document, as the HTML writer prints it.
pub(crate) async fn preview(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
) -> Response {
    blocking(move || match file(&desk, &nom, None) {
        Ok((bytes, _)) => view::document(bytes),
        Err(p) => p.show(&desk, &v),
    })
    .await
}

/// The modifications as the redline's HTML view shows them.
pub(crate) async fn changes(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
) -> Response {
    blocking(move || match file(&desk, &nom, Some("modifications.html")) {
        Ok((bytes, _)) => view::document(bytes),
        Err(p) => p.show(&desk, &v),
    })
    .await
}

pub(crate) async fn download(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath((nom, fichier)): UrlPath<(String, String)>,
) -> Response {
    blocking(move || match file(&desk, &nom, Some(&fichier)) {
        Ok((bytes, name)) => view::download(bytes, &name),
        Err(p) => p.show(&desk, &v),
    })
    .await
}

/// The draft's documents by name, each made by the library function the
/// matching command calls: `avenant build` (`avenant-N.EXT`, and the HTML
/// preview for `None`), `redline --avenant` (`redline-avenant-N.docx`,
/// `tableau-comparatif-avenant-N.docx`, `modifications.html`), the change set.
fn file(desk: &Shared, nom: &str, name: Option<&str>) -> Result<(Vec<u8>, String), Problem> {
    let (dir, src, draft) = open_all(desk, nom)?;
    let d = need_draft(draft)?;
    let n = d.numero;
    let name = name.map_or_else(|| format!("avenant-{}.html", n), str::to_string);
    let compared = |purpose: Purpose, ext: &str| -> Result<Vec<u8>, Problem> {
        let vs = crate::redline::versions(&dir, None, Some(&d.json))
            .map_err(|e| Problem::of(&e, "comparer les deux versions"))?;
        let w = write::writer_for(Path::new(ext), purpose).map_err(|e| Problem::of(&e, "écrire la comparaison"))?;
        vs.write(w, None, None, &desk.config.work).map_err(|e| Problem::of(&e, "écrire la comparaison"))
    };
    let bytes = if name == format!("redline-avenant-{}.docx", n) {
        compared(Purpose::Comparison, "x.docx")?
    } else if name == format!("tableau-comparatif-avenant-{}.docx", n) {
        compared(Purpose::Tableau, "x.docx")?
    } else if name == "modifications.html" {
        compared(Purpose::Comparison, "x.html")?
    } else if name == format!("avenant-{}.json", n) {
        avenant::to_json(&d.cs).into_bytes()
    } else if name.starts_with("document-depose.") && d.meta.garde == name {
        std::fs::read(d.dir.join(&d.meta.garde))
            .map_err(|e| Problem::of(&crate::Error::io(&d.dir, e), "relire le document déposé"))?
    } else if name.rsplit_once('.').is_some_and(|(stem, _)| stem == format!("avenant-{}", n)) {
        let w = write::writer_for(Path::new(&name), Purpose::Text).map_err(|_| Problem::not_found("Ce format"))?;
        let doc = avenant::document::build_several(&[(&src, &d.cs, d.json.as_path())])
            .map_err(|e| Problem::of(&e, "rédiger le document de l’avenant"))?;
        (w.write)(&doc, &Default::default())
    } else {
        return Err(Problem::not_found("Ce fichier"));
    };
    Ok((bytes, name))
}

/// The councils' pack of the avenant in preparation: a job.
pub(crate) async fn dossier(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
) -> Response {
    let d2 = desk.clone();
    let started = tokio::task::spawn_blocking(move || -> Result<String, Problem> {
        let (dir, _, draft) = open_all(&d2, &nom)?;
        let d = need_draft(draft)?;
        let title = format!("Dossier des conseils — avenant n° {}", d.numero);
        jobs::start(&d2, title, 7, format!("/conventions/{}/avenant", nom), jobs::dossier(dir, d.json, d2.config.pdf))
            .map_err(|e| Problem::of(&e, "lancer le dossier"))
    })
    .await;
    jobs::answer(&desk, &v, started).await
}

/// The originals of the avenant, once every fact they need is there.
pub(crate) async fn originals(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
    Form(f): Form<convention::OriginalsForm>,
) -> Response {
    let d2 = desk.clone();
    let started = tokio::task::spawn_blocking(move || -> Result<String, Problem> {
        let (dir, src, draft) = open_all(&d2, &nom)?;
        let d = need_draft(draft)?;
        let (groups, _) = faits::of_avenant(&src, &d.cs);
        let required: Vec<String> = crate::facts::of_avenant(&src, &d.cs)
            .iter()
            .filter(|m| m.required)
            .map(|m| {
                groups
                    .iter()
                    .flat_map(|g| g.faits.iter().map(move |f| (g, f)))
                    .find(|(_, f)| f.nom == m.field)
                    .map_or_else(|| m.what.clone(), |(g, f)| format!("{} ({})", f.libelle, g.titre))
            })
            .collect();
        convention::refuse_missing(&required)?;
        convention::start_originals(&d2, &nom, dir, Some(d.json), f.pdf.is_some())
    })
    .await;
    jobs::answer(&desk, &v, started).await
}

/// Abandons the avenant in preparation (kept in the work folder's archive).
pub(crate) async fn discard(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    blocking(move || {
        let _writing = desk.writing.lock().unwrap_or_else(|e| e.into_inner());
        let d = match Draft::open(&desk, &nom).map_err(|e| Problem::of(&e, "lire l’avenant")).and_then(need_draft) {
            Ok(d) => d,
            Err(p) => return p.show(&desk, &v),
        };
        if d.version != field(&form, "brouillon") {
            return late("L’avenant a été modifié depuis que vous avez ouvert la page.").show(&desk, &v);
        }
        if let Err(p) = archive(&desk, &nom, &d, "abandonne") {
            return p.show(&desk, &v);
        }
        Redirect::to(&format!("/conventions/{}?fait=abandon", nom)).into_response()
    })
    .await
}

fn archive(desk: &Shared, nom: &str, d: &Draft, what: &str) -> Result<(), Problem> {
    let to = work::archive_dir(&desk.config.work, nom, d.numero, what);
    if let Some(p) = to.parent() {
        std::fs::create_dir_all(p).map_err(|e| Problem::of(&crate::Error::io(p, e), "archiver l’avenant"))?;
    }
    std::fs::rename(&d.dir, &to).map_err(|e| Problem::of(&crate::Error::io(&d.dir, e), "archiver l’avenant"))
}

/// What signing will change in the library: the files of the source that
/// the consolidated version writes differently, and the signed avenant kept.
/// Files to write, as `fsutil::write_dir` takes them.
type Files = Vec<(PathBuf, Vec<u8>)>;

fn plan(dir: &Path, src: &Source, d: &Draft) -> Result<(Files, Vec<String>), Problem> {
    let out = avenant::apply::apply(src, &d.cs, &d.json, &Default::default())
        .map_err(|e| Problem::of(&e, "intégrer cet avenant"))?;
    let mut files = out.files();
    // The avenants signed before stay beside the source, with this one.
    if let Ok(rd) = std::fs::read_dir(dir.join("avenants")) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.ends_with(".json") && !name.starts_with('.') {
                files.push((PathBuf::from("avenants").join(&name), std::fs::read(e.path()).unwrap_or_default()));
            }
        }
    }
    let kept = PathBuf::from("avenants").join(format!("avenant-{}.json", d.numero));
    files.retain(|(p, _)| *p != kept);
    files.push((kept, avenant::to_json(&d.cs).into_bytes()));
    let mut changes = Vec::new();
    for (rel, bytes) in &files {
        match std::fs::read(dir.join(rel)) {
            Ok(b) if b == *bytes => {}
            Ok(_) => changes.push(format!("{} (modifié)", rel.display())),
            Err(_) => changes.push(format!("{} (ajouté)", rel.display())),
        }
    }
    Ok((files, changes))
}

/// The confirmation: what « Avenant signé » will change.
pub(crate) async fn confirm(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
) -> Response {
    blocking(move || {
        let shown = (|| -> Result<Value, Problem> {
            let (dir, src, draft) = open_all(&desk, &nom)?;
            let d = need_draft(draft)?;
            let old = crate::render::assemble(&src, &Default::default())
                .map_err(|e| Problem::of(&e, "lire la convention"))?;
            let ready = d.cs.date.is_some();
            let files = if ready { plan(&dir, &src, &d)?.1 } else { vec![] };
            let warnings: Vec<String> =
                crate::facts::of_avenant(&src, &d.cs).iter().filter(|m| m.required).map(|m| m.what.clone()).collect();
            Ok(json!({
                "nom": nom,
                "titre": src.manifest.title,
                "numero": d.numero,
                "date": d.cs.date.as_deref().map(view::date_fr),
                "pret": ready,
                "operations": d.cs.operations.iter().map(|op| operation_fr(op, &old)).collect::<Vec<_>>(),
                "fichiers": files,
                "manquants": warnings,
                "version": convention::version_of(&src),
                "brouillon": d.version,
            }))
        })();
        match shown {
            Ok(data) => view::page(&desk, &v, "signature", "Avenant signé", &data),
            Err(p) => p.show(&desk, &v),
        }
    })
    .await
}

/// « Avenant signé »: the consolidated source written over the library's
/// (`fsutil::write_dir`, checked to build before it is put in place), the
/// signed avenant kept beside it, the journal, the draft archived.
pub(crate) async fn sign(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    UrlPath(nom): UrlPath<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    blocking(move || match signed(&desk, &v, &nom, &form) {
        Ok(()) => Redirect::to(&format!("/conventions/{}?fait=signe", nom)).into_response(),
        Err(p) => p.show(&desk, &v),
    })
    .await
}

fn signed(desk: &Shared, v: &Visitor, nom: &str, form: &[(String, String)]) -> Result<(), Problem> {
    let _writing = desk.writing.lock().unwrap_or_else(|e| e.into_inner());
    let (dir, src, draft) = open_all(desk, nom)?;
    let d = need_draft(draft)?;
    if convention::version_of(&src) != field(form, "version") || d.version != field(form, "brouillon") {
        return Err(late("La convention ou l’avenant a été modifié depuis que vous avez ouvert la confirmation."));
    }
    if d.cs.date.is_none() {
        return Err(Problem::new(
            StatusCode::CONFLICT,
            "Date de signature manquante",
            "L’avenant ne peut être intégré qu’avec sa date de signature : c’est d’elle que datent la version consolidée et son historique.",
            "Saisissez la date de signature dans les faits de l’avenant, puis revenez ici.",
        ));
    }
    let (files, changes) = plan(&dir, &src, &d)?;
    let json = d.json.clone();
    let check = move |staged: &Path| avenant::check_written_source(staged, &json);
    let opts = crate::fsutil::DirOptions { what: "source", force: true, check: Some(&check) };
    crate::fsutil::write_dir(&dir, &files, &opts)
        .map_err(|e| Problem::of(&e, "intégrer l’avenant dans la bibliothèque"))?;
    let detail = json!({ "avenant": d.numero, "date": d.cs.date, "fichiers": changes });
    journal::record(&desk.config.library, &v.who(), "avenant signé", nom, detail)
        .map_err(|e| Problem::of(&e, "tenir le journal"))?;
    archive(desk, nom, &d, "signe")
}
