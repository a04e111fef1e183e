//! The desk (`clausier serve`), driven in process: the router called with
//! requests as a browser sends them (`tower::ServiceExt::oneshot`), no
//! network. Each test reads what a person would see and checks what was
//! written in the library and the work folder.

use crate::common::{copy_dir, root};
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use clausier::desk::{self, Config};
use std::path::{Path, PathBuf};
use tower::ServiceExt;

/// A copy of the shipped library in a temporary folder.
fn library() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("bibliotheque");
    copy_dir(&root().join("clauses"), &lib);
    (tmp, lib)
}

fn config(lib: &Path) -> Config {
    let mut c = Config::local(lib.to_path_buf());
    c.today = clausier::french::Date::parse("2026-12-07");
    // The pack's editable pieces only: LibreOffice's PDFs are checked in a
    // real browser by .ci/desk.sh.
    c.pdf = false;
    c
}

struct Resp {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Resp {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }
    fn location(&self) -> String {
        self.headers.get(header::LOCATION).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
    }
}

/// A browser: one session cookie, kept from response to response.
struct Browser {
    app: axum::Router,
    cookie: Option<String>,
    rt: tokio::runtime::Runtime,
}

impl Browser {
    fn new(c: Config) -> Browser {
        let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        Browser { app: desk::router(c), cookie: None, rt }
    }

    fn send(&mut self, mut req: Request<Body>) -> Resp {
        req.headers_mut().insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        if let Some(c) = &self.cookie {
            req.headers_mut().insert(header::COOKIE, c.parse().unwrap());
        }
        let app = self.app.clone();
        let (status, headers, body) = self.rt.block_on(async move {
            let r = app.oneshot(req).await.unwrap();
            let (parts, body) = r.into_parts();
            (parts.status, parts.headers, axum::body::to_bytes(body, usize::MAX).await.unwrap().to_vec())
        });
        if let Some(c) = headers.get(header::SET_COOKIE) {
            let c = c.to_str().unwrap().split(';').next().unwrap().to_string();
            self.cookie = (!c.ends_with('=')).then_some(c);
        }
        Resp { status, headers, body }
    }

    fn get(&mut self, path: &str) -> Resp {
        self.send(Request::get(path).body(Body::empty()).unwrap())
    }

    fn post(&mut self, path: &str, pairs: &[(&str, &str)]) -> Resp {
        let body = serde_urlencoded::to_string(pairs).unwrap();
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
    }

    fn upload(&mut self, path: &str, fields: &[(&str, &str)], name: &str, bytes: &[u8]) -> Resp {
        let b = "----clausierTestBoundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").bytes());
        }
        body.extend(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(format!("\r\n--{b}--\r\n").bytes());
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={b}"))
                .body(Body::from(body))
                .unwrap(),
        )
    }

    /// The CSRF token the page's forms carry.
    fn token(&mut self, page: &str) -> String {
        let html = self.get(page).text();
        let re = regex::Regex::new(r#"name="jeton" value="([0-9a-f]+)""#).unwrap();
        re.captures(&html).unwrap_or_else(|| panic!("no form on {}", page))[1].to_string()
    }

    /// The hidden field `name` of the page's forms.
    fn hidden(&mut self, page: &str, name: &str) -> String {
        let html = self.get(page).text();
        let re = regex::Regex::new(&format!(r#"name="{}" value="([0-9a-f]*)""#, name)).unwrap();
        re.captures(&html).unwrap_or_else(|| panic!("no {} on {}", name, page))[1].to_string()
    }
}

fn edited_docx() -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/docx/convention-suivi.docx")).unwrap()
}

#[test]
fn the_library_lists_every_source_with_its_deadline_and_a_broken_one_with_its_error() {
    let (_t, lib) = library();
    // One source with an adoption date, one broken: the others stay listed.
    let m = lib.join("application-tam/manifest.json");
    let mut j: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&m).unwrap()).unwrap();
    j["dates"] = serde_json::json!({ "adoption": "2025-06-01" });
    std::fs::write(&m, serde_json::to_string_pretty(&j).unwrap()).unwrap();
    std::fs::create_dir(lib.join("cassee")).unwrap();
    std::fs::write(lib.join("cassee/manifest.json"), "{ \"kind\": ").unwrap();
    let mut b = Browser::new(config(&lib));
    let r = b.get("/");
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    for t in [
        "Convention de coopération entre la Ville de Paris",
        "site des Transports Automobiles Municipaux",
        "passerelle aux câbles",
    ] {
        assert!(html.contains(t), "{} missing", t);
    }
    assert!(html.contains("Cette convention ne peut pas être ouverte"), "{}", html);
    assert!(html.contains("cassee/manifest.json"));
    // The text states « 3 ans » from 2025-06-01 and 3 months' notice: the
    // last day to give notice is 29 February 2028, in 449 days.
    assert!(html.contains("29\u{a0}février 2028</strong> (dans 449 jours)"), "{}", html);
    assert!(html.contains("Dernier jour pour notifier la résiliation avant le terme"));
    // Sorted by deadline, the source with one comes first.
    let by = b.get("/?tri=echeance").text();
    let first = by.find("/conventions/").unwrap();
    assert!(by[first..].starts_with("/conventions/application-tam\""), "{}", &by[first..first + 60]);
    assert!(by.contains("aria-sort=\"ascending\""));
    // French, accessible: the language, a skip link, labelled navigation.
    assert!(html.contains("<html lang=\"fr\">") && html.contains("Aller au contenu") && html.contains("aria-label"));
}

#[test]
fn a_convention_page_offers_every_format_of_the_writers_table_each_as_the_command_builds_it() {
    let (_t, lib) = library();
    let mut b = Browser::new(config(&lib));
    let html = b.get("/conventions/paris-ivry").text();
    let formats = clausier::write::formats(clausier::write::Purpose::Text);
    assert!(formats.contains(&"docx") && formats.contains(&"html"));
    let src = clausier::source::Source::load(&lib.join("paris-ivry")).unwrap();
    for ext in formats {
        let link = format!("/conventions/paris-ivry/fichiers/paris-ivry.{}", ext);
        assert!(html.contains(&link), "{} not offered", ext);
        let r = b.get(&link);
        assert_eq!(r.status, StatusCode::OK, "{}", ext);
        let file = format!("x.{}", ext);
        let w = clausier::write::writer_for(Path::new(&file), clausier::write::Purpose::Text).unwrap();
        let (expected, _) = clausier::print(&src, w, &Default::default(), &lib).unwrap();
        assert_eq!(r.body, expected, "{} differs from what build writes", ext);
        assert!(r.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains(&format!("paris-ivry.{}", ext)));
    }
    // A name that is not the source's, or a path out of the library: not found.
    assert_eq!(b.get("/conventions/paris-ivry/fichiers/autre.docx").status, StatusCode::NOT_FOUND);
    assert_eq!(b.get("/conventions/..%2F..%2Fetc/fichiers/passwd.txt").status, StatusCode::NOT_FOUND);
    assert_eq!(b.get("/conventions/commun").status, StatusCode::NOT_FOUND);
    // The text view is the HTML writer's page, its inline style allowed only there.
    let t = b.get("/conventions/paris-ivry/texte.html");
    assert!(t.text().contains("CONVENTION DE COOPÉRATION"));
    assert!(t.headers["content-security-policy"].to_str().unwrap().contains("unsafe-inline"));
    assert!(!b.get("/").headers["content-security-policy"].to_str().unwrap().contains("unsafe-inline"));
}

#[test]
fn facts_saved_from_the_form_are_checked_written_atomically_and_journalled() {
    let (_t, lib) = library();
    let mut b = Browser::new(config(&lib));
    let page = "/conventions/paris-ivry";
    let jeton = b.token(page);
    let version = b.hidden(page, "version");
    let before = std::fs::read_to_string(lib.join("paris-ivry/manifest.json")).unwrap();
    // A date that is not one: refused, the typed values shown again, nothing written.
    let r = b.post(
        "/conventions/paris-ivry/faits",
        &[
            ("jeton", &jeton),
            ("version", &version),
            ("parties[paris].deliberation.numero", "2026 DU 12"),
            ("dates.adoption", "31 février 2026"),
        ],
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("date non reconnue") && r.text().contains("2026 DU 12"));
    assert_eq!(std::fs::read_to_string(lib.join("paris-ivry/manifest.json")).unwrap(), before);
    // Accepted: French dates, written into the manifest, marked « saisi ».
    let r = b.post(
        "/conventions/paris-ivry/faits",
        &[
            ("jeton", &jeton),
            ("version", &version),
            ("parties[paris].deliberation.numero", "2026 DU 12"),
            ("dates.adoption", "11 juillet 2019"),
            ("originaux", "six"),
        ],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // Read as `clausier facts --set originaux=six` reads it: one rule.
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(
            &std::fs::read_to_string(lib.join("paris-ivry/manifest.json")).unwrap()
        )
        .unwrap()["originaux"],
        6
    );
    let src = clausier::source::Source::load(&lib.join("paris-ivry")).unwrap();
    let m = &src.manifest;
    assert_eq!(m.parties[0].deliberation.as_ref().unwrap().numero.as_deref(), Some("2026 DU 12"));
    assert_eq!(m.dates["adoption"], "2019-07-11");
    assert_eq!(m.provenance["dates.adoption"].origine, clausier::source::Origine::Saisi);
    let journal = std::fs::read_to_string(lib.join("journal.jsonl")).unwrap();
    let line: serde_json::Value = serde_json::from_str(journal.lines().last().unwrap()).unwrap();
    assert_eq!(line["quoi"], "faits");
    assert_eq!(line["source"], "paris-ivry");
    assert!(line["detail"].to_string().contains("dates.adoption"));
    // The same form posted again on the old version: told, nothing lost.
    let r = b.post(
        "/conventions/paris-ivry/faits",
        &[("jeton", &jeton), ("version", &version), ("parties[ivry].deliberation.numero", "DEL-7")],
    );
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.text().contains("Quelqu’un a enregistré cette convention") && r.text().contains("DEL-7"));
    let after = clausier::source::Source::load(&lib.join("paris-ivry")).unwrap();
    assert_eq!(after.manifest.parties[1].deliberation.as_ref().unwrap().numero, None);
    assert_eq!(after.manifest.dates["adoption"], "2019-07-11");
    // The calendar follows: the page shows the deadlines.
    assert!(b.get(page).text().contains("Fin de la période reconduite tacitement"));
}

/// The facts form sent back as the page shows it — deduced facts
/// included (« oui » for a party that deliberates by its noun) — changes
/// nothing and records nothing: a fact shown is not a fact typed.
#[test]
fn the_facts_form_sent_back_untouched_writes_nothing() {
    let (_t, lib) = library();
    let mut b = Browser::new(config(&lib));
    let page = "/conventions/paris-ivry";
    let html = b.get(page).text();
    let input = regex::Regex::new(r#"<input id="[^"]*" name="([^"]+)" value="([^"]*)""#).unwrap();
    let shown: Vec<(String, String)> = input
        .captures_iter(&html)
        .map(|c| (c[1].to_string(), c[2].replace("&#x27;", "'").replace("&quot;", "\"").replace("&amp;", "&")))
        .collect();
    assert!(shown.iter().any(|(n, v)| n == "parties[paris].delibere" && v == "oui"), "{:?}", shown);
    let jeton = b.token(page);
    let version = b.hidden(page, "version");
    let mut form: Vec<(&str, &str)> = vec![("jeton", &jeton), ("version", &version)];
    form.extend(shown.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let before = std::fs::read(lib.join("paris-ivry/manifest.json")).unwrap();
    let r = b.post("/conventions/paris-ivry/faits", &form);
    assert!(r.status.is_redirection() || r.status.is_success(), "{} {}", r.status, r.text());
    assert_eq!(
        String::from_utf8(std::fs::read(lib.join("paris-ivry/manifest.json")).unwrap()).unwrap(),
        String::from_utf8(before).unwrap()
    );
}

#[test]
fn a_form_without_its_token_or_from_elsewhere_is_refused_and_writes_nothing() {
    let (_t, lib) = library();
    let mut b = Browser::new(config(&lib));
    let version = b.hidden("/conventions/paris-ivry", "version");
    let before = std::fs::read(lib.join("paris-ivry/manifest.json")).unwrap();
    let r = b.post("/conventions/paris-ivry/faits", &[("version", &version), ("dates.adoption", "2019-07-11")]);
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text().contains("Formulaire expiré"));
    let r = b.post(
        "/conventions/paris-ivry/faits",
        &[("jeton", "00ff"), ("version", &version), ("dates.adoption", "2019-07-11")],
    );
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Another site's page posting with the user's cookie: its Origin gives it away.
    let jeton = b.token("/conventions/paris-ivry");
    let body = serde_urlencoded::to_string([
        ("jeton", jeton.as_str()),
        ("version", &version),
        ("dates.adoption", "2019-07-11"),
    ])
    .unwrap();
    let req = Request::post("/conventions/paris-ivry/faits")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "http://evil.example")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(b.send(req).status, StatusCode::FORBIDDEN);
    // A name pointed at this computer by another site (DNS rebinding).
    let req = Request::get("/").body(Body::empty()).unwrap();
    let other = Browser::new(config(&lib));
    let r = other.rt.block_on(other.app.clone().oneshot({
        let mut req = req;
        req.headers_mut().insert(header::HOST, "evil.example".parse().unwrap());
        req
    }));
    assert_eq!(r.unwrap().status(), StatusCode::MISDIRECTED_REQUEST);
    assert_eq!(std::fs::read(lib.join("paris-ivry/manifest.json")).unwrap(), before);
    assert!(!lib.join("journal.jsonl").exists());
}

#[test]
fn the_convention_edited_in_word_becomes_the_avenant_the_command_drafts_then_signed_it_consolidates_the_library() {
    let (t, lib) = library();
    let mut b = Browser::new(config(&lib));
    let page = "/conventions/paris-ivry/avenant";
    let jeton = b.token("/conventions/paris-ivry");
    let r = b.upload(
        &format!("{}?jeton={}", page, jeton),
        &[("brouillon", "")],
        "convention modifiée.docx",
        &edited_docx(),
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let html = b.get(page).text();
    assert!(html.contains("Avenant n° 1") && html.contains("convention modifiée.docx"), "{}", html);
    assert!(html.contains("Intitulé modifié"));
    // The change set is the one `avenant draft` writes from the same document.
    let docx = t.path().join("edited.docx");
    std::fs::write(&docx, edited_docx()).unwrap();
    let src = clausier::source::Source::load(&lib.join("paris-ivry")).unwrap();
    let expected = clausier::dossier::avenant_for(&src, &lib.join("paris-ivry"), &docx).unwrap().avenant;
    let json = b.get("/conventions/paris-ivry/avenant/fichiers/avenant-1.json");
    let got: clausier::avenant::ChangeSet = serde_json::from_slice(&json.body).unwrap();
    assert_eq!(got.operations, expected.operations);
    // The previews and the comparisons.
    assert!(b.get("/conventions/paris-ivry/avenant/apercu.html").text().contains("AVENANT N°\u{a0}1"));
    assert!(b.get("/conventions/paris-ivry/avenant/modifications.html").text().contains("<ins>"));
    for f in ["redline-avenant-1.docx", "tableau-comparatif-avenant-1.docx", "avenant-1.docx", "document-depose.docx"] {
        let r = b.get(&format!("/conventions/paris-ivry/avenant/fichiers/{}", f));
        assert_eq!(r.status, StatusCode::OK, "{}", f);
        assert!(r.body.starts_with(b"PK"), "{}", f);
    }
    // The facts of the avenant, from the form.
    let brouillon = b.hidden(page, "brouillon");
    let r = b.post(
        "/conventions/paris-ivry/avenant/faits",
        &[
            ("jeton", &jeton),
            ("brouillon", &brouillon),
            ("objet", "de modifier la composition du comité technique"),
            ("date", "2027-03-15"),
            ("deliberations[paris].numero", "2027 DU 45"),
            ("deliberations[paris].date", "2027-02-10"),
            ("deliberations[ivry].numero", "2027-12"),
            ("deliberations[ivry].date", "2027-02-12"),
        ],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let cs: clausier::avenant::ChangeSet =
        serde_json::from_slice(&b.get("/conventions/paris-ivry/avenant/fichiers/avenant-1.json").body).unwrap();
    assert_eq!(cs.date.as_deref(), Some("2027-03-15"));
    assert_eq!(cs.deliberations.iter().find(|d| d.partie == "ivry").unwrap().numero.as_deref(), Some("2027-12"));
    assert!(b.get("/conventions/paris-ivry/avenant/apercu.html").text().contains("2027 DU 45"));
    // The councils' pack, as a job.
    let r = b.post("/conventions/paris-ivry/avenant/dossier", &[("jeton", &jeton)]);
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let zip = finished_job(&mut b, &r.location());
    let names = zip_names(&zip);
    for n in [
        "dossier-avenant-1/avenant-1.docx",
        "dossier-avenant-1/tableau-comparatif-avenant-1.docx",
        "dossier-avenant-1/manifest.json",
    ] {
        assert!(names.contains(&n.to_string()), "{} not in {:?}", n, names);
    }
    // « Avenant signé »: the confirmation says what changes; then the library is the consolidated source.
    let confirm = b.get("/conventions/paris-ivry/avenant/signature").text();
    assert!(confirm.contains("version consolidée") && confirm.contains("manifest.json (modifié)"), "{}", confirm);
    assert!(confirm.contains("avenants/avenant-1.json (ajouté)"));
    let version = b.hidden("/conventions/paris-ivry/avenant/signature", "version");
    let expected = clausier::avenant::apply::apply(&src, &cs, Path::new("a.json"), &Default::default()).unwrap();
    let brouillon = b.hidden(page, "brouillon");
    let r = b.post(
        "/conventions/paris-ivry/avenant/signature",
        &[("jeton", &jeton), ("version", &version), ("brouillon", &brouillon)],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let now = clausier::source::Source::load(&lib.join("paris-ivry")).unwrap();
    assert_eq!(now.manifest.avenants.len(), 1);
    // Byte for byte what `avenant apply` writes.
    for (rel, bytes) in expected.files() {
        assert_eq!(std::fs::read(lib.join("paris-ivry").join(&rel)).unwrap(), bytes, "{}", rel.display());
    }
    let built = |s: &clausier::source::Source| {
        clausier::write::to_text(&clausier::render::assemble(s, &Default::default()).unwrap())
    };
    assert_eq!(built(&now), built(&expected));
    assert!(lib.join("paris-ivry/avenants/avenant-1.json").is_file());
    let journal = std::fs::read_to_string(lib.join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"avenant signé\""));
    assert!(b.get("/conventions/paris-ivry").text().contains("n° 1 du 15\u{a0}mars 2027"));
    // The same confirmation posted again: the draft is gone, nothing done twice.
    let r = b.post(
        "/conventions/paris-ivry/avenant/signature",
        &[("jeton", &jeton), ("version", &version), ("brouillon", "x")],
    );
    assert_ne!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(clausier::source::Source::load(&lib.join("paris-ivry")).unwrap().manifest.avenants.len(), 1);
}

fn finished_job(b: &mut Browser, page: &str) -> Vec<u8> {
    let link = regex::Regex::new(r#"href="(/travaux/[0-9a-f]+/[^"]+\.zip)""#).unwrap();
    for _ in 0..300 {
        let html = b.get(page).text();
        if let Some(c) = link.captures(&html) {
            return b.get(&c[1]).body;
        }
        assert!(!html.contains("n’a pas pu aboutir"), "{}", html);
        assert!(html.contains("http-equiv=\"refresh\""), "a running job's page reloads itself");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("job not finished in 30 s");
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let a = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    a.file_names().map(str::to_string).collect()
}

#[test]
fn the_convention_edited_in_libreoffice_as_odt_is_drafted_as_the_command_drafts_it() {
    let (t, lib) = library();
    let mut b = Browser::new(config(&lib));
    let page = "/conventions/paris-ivry/avenant";
    let jeton = b.token("/conventions/paris-ivry");
    // Edited with Track Changes, the sommaire typed into, three comments.
    let odt = std::fs::read(root().join("tests/fixtures/wordproc/ivry-commentaires-suivi.odt")).unwrap();
    let r = b.upload(&format!("{}?jeton={}", page, jeton), &[("brouillon", "")], "convention suivie.odt", &odt);
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let html = b.get(page).text();
    assert!(html.contains("convention suivie.odt") && html.contains("document-depose.odt"), "{}", html);
    // What the reading showed, in French, each comment at its place.
    assert!(html.contains("Le sommaire a été modifié (« "), "{}", html);
    assert_eq!(html.matches("Commentaire sur ").count(), 3, "{}", html);
    assert!(!html.contains("comment on") && !html.contains("the sommaire was edited"), "{}", html);
    let file = t.path().join("edited.odt");
    std::fs::write(&file, &odt).unwrap();
    let src = clausier::source::Source::load(&lib.join("paris-ivry")).unwrap();
    let expected = clausier::dossier::avenant_for(&src, &lib.join("paris-ivry"), &file).unwrap().avenant;
    let json = b.get("/conventions/paris-ivry/avenant/fichiers/avenant-1.json");
    let got: clausier::avenant::ChangeSet = serde_json::from_slice(&json.body).unwrap();
    assert!(!got.operations.is_empty());
    assert_eq!(got.operations, expected.operations);
    // The document dropped is given back as it came, under its own kind.
    let r = b.get("/conventions/paris-ivry/avenant/fichiers/document-depose.odt");
    assert_eq!((r.status, r.body == odt), (StatusCode::OK, true));
    assert_eq!(b.get("/conventions/paris-ivry/avenant/fichiers/document-depose.docx").status, StatusCode::NOT_FOUND);
}

#[test]
fn uploads_that_are_not_a_convention_are_refused_in_french_and_the_draft_is_kept() {
    let (_t, lib) = library();
    let mut b = Browser::new(config(&lib));
    let page = "/conventions/paris-ivry/avenant";
    let jeton = b.token("/conventions/paris-ivry");
    let url = format!("{}?jeton={}", page, jeton);
    let r = b.upload(&url, &[("brouillon", "")], "photo.png", b"\x89PNG\r\n\x1a\nrest");
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(r.text().contains("n’est ni un document Word (.docx) ni un document LibreOffice (.odt)"));
    // A zip that is not a DOCX: the reader's refusal, with the file's own name.
    let r = b.upload(&url, &[("brouillon", "")], "archive.docx", b"PK\x03\x04garbage");
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("archive.docx") && !r.text().contains(".depot"), "{}", r.text());
    // Too large: refused before it is read whole.
    let big = vec![b'P'; clausier::desk::MAX_UPLOAD + 10];
    let r = b.upload(&url, &[("brouillon", "")], "gros.docx", &big);
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    // A draft, then a second upload made on a stale page: refused, the draft kept.
    assert_eq!(b.upload(&url, &[("brouillon", "")], "v1.docx", &edited_docx()).status, StatusCode::SEE_OTHER);
    let r = b.upload(&url, &[("brouillon", "")], "v2.docx", &edited_docx());
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(b.get(page).text().contains("v1.docx"));
    // Nothing of it in the library.
    assert!(!lib.join("journal.jsonl").exists());
    let leftovers: Vec<_> = std::fs::read_dir(lib.join(".bureau/depots")).unwrap().collect();
    assert!(leftovers.is_empty(), "uploads are removed once read");
}

#[test]
fn the_echeancier_feed_is_rfc_5545_and_the_same_bytes_every_time() {
    let (_t, lib) = library();
    for (name, date) in [("paris-ivry", "2019-07-11"), ("application-tam", "2025-06-01")] {
        let m = lib.join(name).join("manifest.json");
        let mut j: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&m).unwrap()).unwrap();
        j["dates"] = serde_json::json!({ "adoption": date });
        std::fs::write(&m, serde_json::to_string_pretty(&j).unwrap()).unwrap();
    }
    let mut b = Browser::new(config(&lib));
    let r = b.get("/echeancier.ics");
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/calendar; charset=utf-8");
    let ics = r.text();
    assert_eq!(ics, b.get("/echeancier.ics").text());
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    // Every line ends with CRLF and holds at most 75 octets.
    for l in ics.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(l.len() <= 75 && !l.contains('\n'), "line of {} octets: {:?}", l.len(), l);
    }
    let unfolded = ics.replace("\r\n ", "");
    let uids: Vec<&str> = unfolded.lines().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids.len(), 6);
    assert_eq!(uids.iter().collect::<std::collections::BTreeSet<_>>().len(), 6);
    assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), 6);
    assert_eq!(unfolded.matches("BEGIN:VALARM").count(), 6);
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20210410\r\nDTEND;VALUE=DATE:20210411"), "{}", unfolded);
    assert!(unfolded.contains("SUMMARY:Dernier jour pour notifier la résiliation avant le terme — Convention de coopération entre la Ville de Paris et la Ville d'Ivry-sur-Seine"));
    assert!(unfolded.contains("DTSTAMP:20190711T000000Z"));
    // A multi-byte character is never cut by the folding.
    assert!(String::from_utf8(r.body.clone()).is_ok());
    // The page lists the same deadlines in date order.
    let page = b.get("/echeancier").text();
    let a = page.find("29\u{a0}février 2028").unwrap();
    let c = page.find("31\u{a0}mai 2028").unwrap();
    assert!(a < c);
    assert!(page.contains("passerelle aux câbles") && page.contains("date d’adoption inconnue"));
}

#[test]
fn a_team_desk_asks_everyone_to_log_in_and_is_never_served_beyond_this_computer_without_accounts() {
    let (t, lib) = library();
    let file = t.path().join("comptes");
    desk::add_user(&file, "juriste", "un mot de passe assez long").unwrap();
    assert!(std::fs::read_to_string(&file).unwrap().contains("juriste:$argon2id$"));
    assert!(desk::add_user(&file, "court", "court").is_err());
    let mut c = config(&lib);
    c.users = Some(desk::Users::load(&file).unwrap());
    let mut b = Browser::new(c.clone());
    let r = b.get("/");
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/connexion");
    assert_eq!(b.get("/echeancier.ics").status, StatusCode::SEE_OTHER);
    assert_eq!(b.get("/conventions/paris-ivry/fichiers/paris-ivry.docx").status, StatusCode::SEE_OTHER);
    let jeton = b.token("/connexion");
    let r = b.post("/connexion", &[("jeton", &jeton), ("nom", "juriste"), ("mot_de_passe", "faux")]);
    assert_eq!(r.location(), "/connexion?erreur=1");
    let before = b.cookie.clone();
    let r =
        b.post("/connexion", &[("jeton", &jeton), ("nom", "juriste"), ("mot_de_passe", "un mot de passe assez long")]);
    assert_eq!(r.location(), "/");
    let set = r.headers[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{}", set);
    assert_ne!(b.cookie, before, "a new session on login");
    let home = b.get("/");
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.text().contains("juriste") && home.text().contains("Se déconnecter"));
    // Beyond 127.0.0.1 without accounts: refused before anything is bound.
    let e = desk::serve(config(&lib), "127.0.0.2:18080".parse().unwrap()).unwrap_err().to_string();
    assert!(e.contains("--auth FILE"), "{}", e);
    assert!(desk::is_local(&"127.0.0.1:8080".parse().unwrap()));
    assert!(!desk::is_local(&"0.0.0.0:8080".parse().unwrap()));
    // Secure cookies when asked (behind HTTPS).
    let mut c2 = c;
    c2.secure_cookies = true;
    let r = Browser::new(c2).get("/connexion");
    assert!(r.headers[header::SET_COOKIE].to_str().unwrap().contains("; Secure"));
}

#[test]
fn originals_wait_for_the_facts_they_need_then_come_as_a_zip() {
    let (_t, lib) = library();
    let mut b = Browser::new(config(&lib));
    // The convention d'application lacks its deliberations: refused, naming them.
    let jeton = b.token("/conventions/application-tam");
    let r = b.post("/conventions/application-tam/originaux", &[("jeton", &jeton)]);
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.text().contains("Numéro de la délibération"), "{}", r.text());
    // The convention-cadre has them: 4 originals and their manifest.
    let r = b.post("/conventions/paris-ivry/originaux", &[("jeton", &jeton)]);
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let names = zip_names(&finished_job(&mut b, &r.location()));
    assert!(names.contains(&"originaux/paris-ivry-original-4-sur-4.docx".to_string()), "{:?}", names);
    assert!(names.contains(&"originaux/SHA256SUMS".to_string()));
}
