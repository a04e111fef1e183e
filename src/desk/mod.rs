//! The legal service's desk (`clausier serve`): a web application in French
//! over the library folder, a thin shell over the same functions the
//! command line calls — the library's rules are never written twice.
//!
//! Pages: the library (`library`), a convention (`convention`), the
//! avenant in progress (`avenant`), the échéancier and its iCalendar feed
//! (`echeancier`); long jobs with a progress page (`jobs`). Safety
//! (`access`): 127.0.0.1 by default, anywhere else only with `--auth`
//! (argon2 hashes, sessions, CSRF tokens on every form); uploads bounded and
//! read by the library's readers; writes atomic, within the library and the
//! work folder, journalled (`journal`), and refused when someone else saved
//! the same source first (version tokens).
//!
//! The seams other work plugs into are one module each: `faits` (the facts
//! form, until the facts API lands) and `jobs::dossier` (the councils' pack).

mod access;
mod avenant;
mod convention;
mod echeancier;
mod faits;
mod jobs;
mod journal;
mod library;
mod view;
mod work;

pub use access::{add_user, Users};

use crate::error::{Error, Misuse, Result};
use crate::french::Date;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// The largest upload: the readers refuse a text over 32 MB anyway.
pub const MAX_UPLOAD: usize = 32 * 1024 * 1024;

/// What the desk serves and where it writes.
#[derive(Clone)]
pub struct Config {
    /// The library: one folder per source (`clauses/`).
    pub library: PathBuf,
    /// Where drafts, uploads and jobs' outputs go (default: `.bureau` in the library).
    pub work: PathBuf,
    /// The team's accounts; `None`: one person at this computer (127.0.0.1 only).
    pub users: Option<Users>,
    /// The day deadlines are counted from (tests); by default, today.
    pub today: Option<Date>,
    /// Cookies marked `Secure`: the desk is reached through HTTPS (a reverse proxy).
    pub secure_cookies: bool,
    /// The councils' pack with every piece as PDF/A and the @CTES folders
    /// (LibreOffice lays them out, some seconds); without, its editable
    /// pieces only (`clausier dossier --no-pdf`).
    pub pdf: bool,
}

impl Config {
    /// The desk over `library`, its work folder inside it, no accounts.
    pub fn local(library: PathBuf) -> Config {
        let work = library.join(".bureau");
        Config { library, work, users: None, today: None, secure_cookies: false, pdf: true }
    }
}

/// The state every request shares.
pub(crate) struct Desk {
    pub(crate) config: Config,
    pub(crate) views: view::Views,
    pub(crate) sessions: access::Sessions,
    pub(crate) library: library::Cache,
    pub(crate) jobs: jobs::Jobs,
    /// Held while the library or a draft is checked and written: two saves
    /// never interleave (the version tokens tell the second it came late).
    pub(crate) writing: std::sync::Mutex<()>,
}

pub(crate) type Shared = Arc<Desk>;

/// The desk's routes over `config`, to serve or to call in process.
pub fn router(config: Config) -> Router {
    let desk = Arc::new(Desk {
        config,
        views: view::Views::new(),
        sessions: access::Sessions::default(),
        library: library::Cache::default(),
        jobs: jobs::Jobs::default(),
        writing: std::sync::Mutex::new(()),
    });
    Router::new()
        .route("/", get(library::page))
        .route("/style.css", get(view::stylesheet))
        .route("/echeancier", get(echeancier::page))
        .route("/echeancier.ics", get(echeancier::feed))
        .route("/connexion", get(access::login_page).post(access::login))
        .route("/deconnexion", post(access::logout))
        .route("/travaux/{id}", get(jobs::page))
        .route("/travaux/{id}/{fichier}", get(jobs::download))
        .route("/conventions/{nom}", get(convention::page))
        .route("/conventions/{nom}/texte.html", get(convention::text_view))
        .route("/conventions/{nom}/fichiers/{fichier}", get(convention::download))
        .route("/conventions/{nom}/echeancier.ics", get(echeancier::feed_of))
        .route("/conventions/{nom}/faits", post(convention::save_facts))
        .route("/conventions/{nom}/originaux", post(convention::originals))
        .route("/conventions/{nom}/avenant", get(avenant::page).post(avenant::upload))
        .route("/conventions/{nom}/avenant/faits", post(avenant::save_facts))
        .route("/conventions/{nom}/avenant/apercu.html", get(avenant::preview))
        .route("/conventions/{nom}/avenant/modifications.html", get(avenant::changes))
        .route("/conventions/{nom}/avenant/fichiers/{fichier}", get(avenant::download))
        .route("/conventions/{nom}/avenant/dossier", post(avenant::dossier))
        .route("/conventions/{nom}/avenant/originaux", post(avenant::originals))
        .route("/conventions/{nom}/avenant/abandon", post(avenant::discard))
        .route("/conventions/{nom}/avenant/signature", get(avenant::confirm).post(avenant::sign))
        .fallback(view::not_found)
        .layer(DefaultBodyLimit::max(MAX_UPLOAD + 64 * 1024))
        .layer(axum::middleware::from_fn_with_state(desk.clone(), access::guard))
        .with_state(desk)
}

/// Whether an address is this computer for its own user alone: 127.0.0.1
/// or ::1. Any other, 127.0.0.2 included, is reachable by others (a
/// container, a tunnel) and needs accounts.
pub fn is_local(addr: &SocketAddr) -> bool {
    match addr {
        SocketAddr::V4(a) => *a.ip() == std::net::Ipv4Addr::LOCALHOST,
        SocketAddr::V6(a) => *a.ip() == std::net::Ipv6Addr::LOCALHOST,
    }
}

/// Serves the desk on `bind` until the process is stopped. Refused on an
/// address other than 127.0.0.1 or ::1 without accounts.
pub fn serve(config: Config, bind: SocketAddr) -> Result<()> {
    if !is_local(&bind) && config.users.is_none() {
        return Err(Error::Usage(Misuse::OpenWithoutAccounts { bind }));
    }
    if !config.library.is_dir() {
        return Err(Error::Io {
            path: config.library.clone(),
            msg: "no such library folder (give --library DIR)".into(),
        });
    }
    work::prepare(&config.work)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(Misuse::ServerStart(e)))?;
    rt.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(bind).await.map_err(|why| Error::Usage(Misuse::Bind { bind, why }))?;
        eprintln!("clausier: le bureau est ouvert sur http://{}/ (Ctrl-C pour le fermer)", bind);
        axum::serve(listener, router(config)).await.map_err(|e| Error::Usage(Misuse::Server(e)))
    })
}

/// Runs `f` (files, the engine) off the server's thread.
pub(crate) async fn blocking<F>(f: F) -> axum::response::Response
where
    F: FnOnce() -> axum::response::Response + Send + 'static,
{
    use axum::response::IntoResponse;
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|_| {
        (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "Erreur interne : l’opération s’est interrompue.")
            .into_response()
    })
}
