//! Who may use the desk, and how every request is checked: accounts with
//! argon2 password hashes (`--auth FILE`), sessions in HttpOnly,
//! SameSite=Strict cookies, a CSRF token on every form, the Host header
//! checked on a desk without accounts (a page elsewhere cannot reach it by
//! DNS rebinding), and the security headers of every response.

use super::{view, Shared};
use crate::error::{Bug, Error, Misuse, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const COOKIE: &str = "clausier_bureau";
/// A session unused this long is forgotten (a working day and a night).
const IDLE: Duration = Duration::from_secs(16 * 3600);
/// Sessions kept at most: a flood of visitors without cookies cannot fill the memory.
const MAX_SESSIONS: usize = 10_000;
/// The largest form (without a file) read to check its token.
const MAX_FORM: usize = 1024 * 1024;

/// The accounts of `--auth FILE`: one `name:hash` a line (`#` comments),
/// the hash in the PHC form argon2 writes (`$argon2id$v=19$…`).
#[derive(Clone, Debug)]
pub struct Users {
    hashes: BTreeMap<String, String>,
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}

impl Users {
    /// Reads the accounts file; a line that is not `name:argon2-hash` is
    /// refused with its line number.
    pub fn load(path: &Path) -> Result<Users> {
        let text = crate::input::read_utf8(path, crate::input::TEXT, "an accounts file")?;
        let mut hashes = BTreeMap::new();
        for (k, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |msg: &str| Error::Fragment { path: path.to_path_buf(), line: k + 1, msg: msg.to_string() };
            let (name, hash) = line.split_once(':').ok_or_else(|| bad("expected NAME:HASH"))?;
            if !valid_name(name) {
                return Err(bad("a name is letters, digits, . _ - @ (64 at most)"));
            }
            if PasswordHash::new(hash).is_err() {
                return Err(bad(
                    "not an argon2 hash (make the file with `clausier serve --auth FILE --add-user NAME`)",
                ));
            }
            hashes.insert(name.to_string(), hash.to_string());
        }
        if hashes.is_empty() {
            return Err(Error::Io {
                path: path.to_path_buf(),
                msg: "no account: add one with `clausier serve --auth FILE --add-user NAME`".into(),
            });
        }
        Ok(Users { hashes })
    }

    /// Whether `password` is `name`'s. An unknown name costs the same time
    /// as a known one, so that names cannot be found by timing.
    pub(crate) fn verify(&self, name: &str, password: &str) -> bool {
        const DUMMY: &str =
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$Zl1XdNtAuKyp1iX0rFuBvxoAg4mELjLqmVIl94bMpsk";
        let stored = self.hashes.get(name);
        let hash = PasswordHash::new(stored.map_or(DUMMY, String::as_str));
        let ok = hash.is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok());
        ok && stored.is_some()
    }
}

/// Adds `name` with `password` to the accounts file (replacing its hash if
/// the name is there), written atomically; the file is created if needed.
pub fn add_user(path: &Path, name: &str, password: &str) -> Result<()> {
    if !valid_name(name) {
        return Err(Error::Usage(Misuse::UserName { name: name.to_string() }));
    }
    if password.chars().count() < 10 {
        return Err(Error::Usage(Misuse::ShortPassword));
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| Error::Usage(Misuse::NoRandomness(e)))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| Error::Internal(Bug::Hashing(e)))?;
    let hash = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| Error::Internal(Bug::Hashing(e)))?
        .to_string();
    let old = if path.exists() {
        crate::input::read_utf8(path, crate::input::TEXT, "an accounts file")?
    } else {
        String::new()
    };
    let mut out: Vec<String> =
        old.lines().filter(|l| l.split_once(':').is_none_or(|(n, _)| n.trim() != name)).map(str::to_string).collect();
    if out.is_empty() {
        out.push(
            "# Comptes du bureau clausier : NOM:HASH argon2 (clausier serve --auth FICHIER --add-user NOM)".into(),
        );
    }
    out.push(format!("{}:{}", name, hash));
    crate::fsutil::write_atomic(path, format!("{}\n", out.join("\n")).as_bytes())
}

/// A random token, hex (session ids, CSRF tokens, job ids).
pub(crate) fn token() -> String {
    let mut b = [0u8; 24];
    // Without randomness no session can be trusted: a bug to report.
    getrandom::fill(&mut b).expect("the system's random source");
    b.iter().map(|x| format!("{:02x}", x)).collect()
}

struct Session {
    user: Option<String>,
    jeton: String,
    seen: Instant,
}

#[derive(Default)]
pub(crate) struct Sessions {
    map: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The visitor of session `id`, if it is alive.
    fn find(&self, id: &str) -> Option<Visitor> {
        let mut m = self.lock();
        let s = m.get_mut(id)?;
        if s.seen.elapsed() > IDLE {
            m.remove(id);
            return None;
        }
        s.seen = Instant::now();
        Some(Visitor { session: id.to_string(), user: s.user.clone(), jeton: s.jeton.clone() })
    }

    fn open(&self, user: Option<String>) -> Visitor {
        let mut m = self.lock();
        if m.len() >= MAX_SESSIONS {
            m.retain(|_, s| s.seen.elapsed() < IDLE);
            if m.len() >= MAX_SESSIONS {
                if let Some(oldest) = m.iter().min_by_key(|(_, s)| s.seen).map(|(k, _)| k.clone()) {
                    m.remove(&oldest);
                }
            }
        }
        let v = Visitor { session: token(), user: user.clone(), jeton: token() };
        m.insert(v.session.clone(), Session { user, jeton: v.jeton.clone(), seen: Instant::now() });
        v
    }

    fn close(&self, id: &str) {
        self.lock().remove(id);
    }
}

/// Who is asking: their session, their account (none on a desk without
/// accounts), and the token their forms carry.
#[derive(Clone, Debug)]
pub(crate) struct Visitor {
    session: String,
    pub(crate) user: Option<String>,
    pub(crate) jeton: String,
}

impl Visitor {
    /// Who the journal names: the account, or this computer's user.
    pub(crate) fn who(&self) -> String {
        self.user.clone().unwrap_or_else(|| match std::env::var("USER") {
            Ok(u) if !u.is_empty() => format!("{} (poste local)", u),
            _ => "poste local".into(),
        })
    }
}

fn cookie_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

fn set_cookie(desk: &Shared, headers: &HeaderMap, value: &str, max_age: Option<u64>) -> HeaderValue {
    let https = desk.config.secure_cookies
        || headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v == "https");
    let mut c = format!("{}={}; Path=/; HttpOnly; SameSite=Strict", COOKIE, value);
    if https {
        c.push_str("; Secure");
    }
    if let Some(a) = max_age {
        c.push_str(&format!("; Max-Age={}", a));
    }
    HeaderValue::from_str(&c).expect("a cookie of hex digits")
}

/// On a desk without accounts, only this computer's names reach it: a page
/// elsewhere that points a name of its own at 127.0.0.1 is refused.
fn host_allowed(desk: &Shared, headers: &HeaderMap) -> bool {
    if desk.config.users.is_some() {
        return true;
    }
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return true };
    let name = if host.starts_with('[') {
        host.split(']').next().map(|h| format!("{}]", h)).unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h).to_string()
    };
    matches!(name.as_str(), "127.0.0.1" | "localhost" | "[::1]")
}

/// A form posted from another site carries its own Origin: refused.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()) else { return true };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    origin.split_once("://").is_some_and(|(_, o)| o == host)
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The CSRF token a POST carries: in its URL (`?jeton=`, for file uploads)
/// or in its form. A form body is read here (bounded) and handed on.
async fn posted_token(req: Request) -> std::result::Result<(Option<String>, Request), Response> {
    let query: Vec<(String, String)> =
        req.uri().query().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    if let Some(t) = field(&query, "jeton") {
        return Ok((Some(t.to_string()), req));
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((None, req));
    }
    let (parts, body) = req.into_parts();
    let bytes =
        axum::body::to_bytes(body, MAX_FORM).await.map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let t = field(&pairs, "jeton").map(str::to_string);
    Ok((t, Request::from_parts(parts, Body::from(bytes))))
}

/// Every request: the host, the session (opened on first visit), the
/// account where there are accounts, the CSRF token of every POST; then
/// the security headers of the response.
pub(crate) async fn guard(State(desk): State<Shared>, req: Request, next: Next) -> Response {
    if !host_allowed(&desk, req.headers()) {
        return view::refusal(
            &desk,
            StatusCode::MISDIRECTED_REQUEST,
            "Adresse non reconnue",
            "Le bureau ne répond qu’à l’adresse de cet ordinateur (127.0.0.1 ou localhost).",
            "Ouvrez http://127.0.0.1 suivi du port indiqué au lancement de clausier serve.",
        );
    }
    let found = cookie_of(req.headers()).and_then(|id| desk.sessions.find(&id));
    let fresh = found.is_none();
    let visitor = found.unwrap_or_else(|| desk.sessions.open(None));
    let path = req.uri().path().to_string();
    let open_path = path == "/connexion" || path == "/style.css";
    let mut resp = if desk.config.users.is_some() && visitor.user.is_none() && !open_path {
        if req.method() == Method::GET || req.method() == Method::HEAD {
            Redirect::to("/connexion").into_response()
        } else {
            view::refusal(
                &desk,
                StatusCode::UNAUTHORIZED,
                "Connexion nécessaire",
                "Ce bureau est partagé : il faut être connecté pour enregistrer quoi que ce soit.",
                "Connectez-vous, puis recommencez.",
            )
        }
    } else if req.method() == Method::POST {
        match checked_post(&desk, &visitor, fresh, req).await {
            Ok(req) => next.run(with_visitor(req, &visitor)).await,
            Err(r) => r,
        }
    } else {
        next.run(with_visitor(req, &visitor)).await
    };
    let h = resp.headers_mut();
    if fresh && !h.contains_key(header::SET_COOKIE) {
        h.insert(header::SET_COOKIE, set_cookie(&desk, &HeaderMap::new(), &visitor.session, None));
    }
    security_headers(h);
    resp
}

fn with_visitor(mut req: Request, v: &Visitor) -> Request {
    req.extensions_mut().insert(v.clone());
    req
}

async fn checked_post(desk: &Shared, v: &Visitor, fresh: bool, req: Request) -> std::result::Result<Request, Response> {
    let expired = || {
        view::refusal(desk, StatusCode::FORBIDDEN, "Formulaire expiré", "Ce formulaire a été ouvert dans une session qui n’existe plus (le bureau a été relancé, ou la page est restée ouverte très longtemps). Rien n’a été enregistré.", "Revenez en arrière, rechargez la page, puis envoyez-le de nouveau.")
    };
    if fresh || !same_origin(req.headers()) {
        return Err(expired());
    }
    let (t, req) = posted_token(req).await?;
    // Compared whole, in constant time: the token is the proof of origin.
    match t {
        Some(t) if constant_eq(t.as_bytes(), v.jeton.as_bytes()) => Ok(req),
        _ => Err(expired()),
    }
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

fn security_headers(h: &mut HeaderMap) {
    let set = |h: &mut HeaderMap, k: &'static str, v: &'static str| {
        if !h.contains_key(k) {
            h.insert(k, HeaderValue::from_static(v));
        }
    };
    set(h, "content-security-policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'");
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "same-origin");
    set(h, "x-frame-options", "SAMEORIGIN");
    set(h, "cache-control", "no-store");
}

#[derive(serde::Deserialize)]
pub(crate) struct LoginForm {
    nom: String,
    mot_de_passe: String,
}

#[derive(serde::Deserialize)]
pub(crate) struct LoginQuery {
    #[serde(default)]
    erreur: Option<String>,
}

pub(crate) async fn login_page(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    Query(q): Query<LoginQuery>,
) -> Response {
    let data = serde_json::json!({ "erreur": q.erreur.is_some(), "comptes": desk.config.users.is_some() });
    view::page(&desk, &v, "connexion", "Connexion", &data)
}

pub(crate) async fn login(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let Some(users) = desk.config.users.clone() else { return Redirect::to("/").into_response() };
    let (nom, mdp) = (f.nom.trim().to_string(), f.mot_de_passe);
    let ok = tokio::task::spawn_blocking(move || users.verify(&nom, &mdp).then_some(nom)).await.ok().flatten();
    let Some(nom) = ok else { return Redirect::to("/connexion?erreur=1").into_response() };
    // A new session on login: a token seen before it is worth nothing after.
    desk.sessions.close(&v.session);
    let new = desk.sessions.open(Some(nom.clone()));
    let mut r = Redirect::to("/").into_response();
    r.headers_mut().insert(header::SET_COOKIE, set_cookie(&desk, &headers, &new.session, None));
    r
}

pub(crate) async fn logout(
    State(desk): State<Shared>,
    Extension(v): Extension<Visitor>,
    headers: HeaderMap,
) -> Response {
    desk.sessions.close(&v.session);
    let mut r = Redirect::to(if desk.config.users.is_some() { "/connexion" } else { "/" }).into_response();
    r.headers_mut().insert(header::SET_COOKIE, set_cookie(&desk, &headers, "", Some(0)));
    r
}
